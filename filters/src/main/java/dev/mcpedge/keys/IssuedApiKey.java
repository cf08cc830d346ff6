package dev.mcpedge.keys;

/**
 * A newly issued key: the record and the secret, which is shown this once and never stored.
 *
 * @param record the stored record
 * @param secret the key itself
 */
public record IssuedApiKey(ApiKeyRecord record, String secret) {

	@Override
	public String toString() {
		return "IssuedApiKey[" + record.id() + ", " + record.redactedKey() + "]";
	}
}
