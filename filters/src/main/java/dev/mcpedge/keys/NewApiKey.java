package dev.mcpedge.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.mcpedge.identity.Mode;

import org.jspecify.annotations.Nullable;

/**
 * A request to issue a key (the admin API's create body).
 *
 * @param name operator's label
 * @param organizationId default organization, required
 * @param organizations other organizations the key may act for
 * @param scopes granted scopes; empty means the full access of the organization
 * @param mode live or test; default test, so a forgotten mode never reaches live data
 * @param expiresAt optional expiry
 * @param rateLimit optional per-key rate limit
 * @param metadata optional string pairs
 */
public record NewApiKey(@Nullable String name, String organizationId, @Nullable List<String> organizations,
		@Nullable List<String> scopes, @Nullable Mode mode, @Nullable Instant expiresAt, @Nullable RateLimit rateLimit,
		@Nullable Map<String, String> metadata) {
}
