package dev.mcpedge.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mcpedge.identity.Mode;

import org.jspecify.annotations.Nullable;

/**
 * What mcp-edge knows of an API key; never the secret. Stored as JSON in Redis and returned by
 * the admin API.
 *
 * @param id stable key id, e.g. {@code key_4fQ...}
 * @param name operator's label
 * @param organizationId default organization
 * @param organizations other organizations the key may act for
 * @param scopes granted scopes; empty means the full access of the organization
 * @param mode live or test, fixed by the prefix
 * @param status active or revoked as stored; expired when read past {@code expiresAt}
 * @param redactedKey prefix and last four characters of the secret
 * @param expiresAt when the key stops working, or {@code null}
 * @param lastUsedAt last successful use, or {@code null}
 * @param createdAt creation time
 * @param rateLimit per-key rate limit override, or {@code null}
 * @param metadata operator's free-form string pairs
 */
public record ApiKeyRecord(String id, String name, String organizationId, List<String> organizations,
		List<String> scopes, Mode mode, KeyStatus status, String redactedKey, @Nullable Instant expiresAt,
		@Nullable Instant lastUsedAt, Instant createdAt, @Nullable RateLimit rateLimit, Map<String, String> metadata) {

	/** Exchange attribute holding the record of the key a request authenticated with. */
	public static final String ATTRIBUTE = ApiKeyRecord.class.getName();

	public ApiKeyRecord {
		organizations = organizations == null ? List.of() : List.copyOf(organizations);
		scopes = scopes == null ? List.of() : List.copyOf(scopes);
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}

	/** The status as seen at {@code now}: an active key past {@code expiresAt} is expired. */
	public KeyStatus statusAt(Instant now) {
		if (status == KeyStatus.ACTIVE && expiresAt != null && !now.isBefore(expiresAt)) {
			return KeyStatus.EXPIRED;
		}
		return status;
	}

	/** This record with the status it has at {@code now}. */
	public ApiKeyRecord asSeenAt(Instant now) {
		KeyStatus effective = statusAt(now);
		return effective == status ? this : withStatus(effective);
	}

	ApiKeyRecord withStatus(KeyStatus newStatus) {
		return new ApiKeyRecord(id, name, organizationId, organizations, scopes, mode, newStatus, redactedKey, expiresAt,
				lastUsedAt, createdAt, rateLimit, metadata);
	}

	ApiKeyRecord withLastUsedAt(@Nullable Instant at) {
		return new ApiKeyRecord(id, name, organizationId, organizations, scopes, mode, status, redactedKey, expiresAt, at,
				createdAt, rateLimit, metadata);
	}

	ApiKeyRecord withRedactedKey(String redacted) {
		return new ApiKeyRecord(id, name, organizationId, organizations, scopes, mode, status, redacted, expiresAt,
				lastUsedAt, createdAt, rateLimit, metadata);
	}

	ApiKeyRecord with(KeyUpdate update) {
		return new ApiKeyRecord(id, update.name() != null ? update.name() : name, organizationId,
				update.organizations() != null ? update.organizations() : organizations,
				update.scopes() != null ? update.scopes() : scopes, mode, status, redactedKey,
				update.expiresAt() != null ? update.expiresAt().orElse(null) : expiresAt, lastUsedAt, createdAt,
				update.rateLimit() != null ? update.rateLimit().orElse(null) : rateLimit,
				update.metadata() != null ? update.metadata() : metadata);
	}

	/** Whether the key may act for {@code organization}: its default one or one of its others. */
	public boolean mayActFor(String organization) {
		return organization.equals(organizationId) || organizations.contains(organization);
	}
}
