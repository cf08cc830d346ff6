package dev.mcpedge.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mcpedge.identity.Mode;

import org.jspecify.annotations.Nullable;

/**
 * A key issued elsewhere, to be accepted as it is (the admin API's import body). Exactly one of
 * {@code key} and {@code keySha256} is given; no checksum is required of imported keys.
 *
 * @param id optional id to keep (letters, digits, {@code _}, {@code -}); generated when absent
 * @param name operator's label
 * @param organizationId default organization, required
 * @param organizations other organizations the key may act for
 * @param scopes granted scopes; empty means the full access of the organization
 * @param mode live or test; required unless the key carries one of the configured prefixes
 * @param expiresAt optional expiry
 * @param rateLimit optional per-key rate limit
 * @param metadata optional string pairs
 * @param key the secret itself
 * @param keySha256 the SHA-256 of the secret, hex
 */
public record ImportedApiKey(@Nullable String id, @Nullable String name, String organizationId,
		@Nullable List<String> organizations, @Nullable List<String> scopes, @Nullable Mode mode,
		@Nullable Instant expiresAt, @Nullable RateLimit rateLimit, @Nullable Map<String, String> metadata,
		@Nullable String key, @Nullable String keySha256) {

	@Override
	public String toString() {
		return "ImportedApiKey[id=" + id + ", organizationId=" + organizationId + ", mode=" + mode + "]";
	}
}
