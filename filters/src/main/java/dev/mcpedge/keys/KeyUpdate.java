package dev.mcpedge.keys;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Changes to a key (the admin API's PATCH body). A {@code null} component leaves the field as it
 * is; an empty {@link Optional} clears it. Organization, mode and secret cannot change.
 *
 * @param name new label
 * @param scopes new scopes (empty = full access of the organization)
 * @param organizations new list of other organizations the key may act for
 * @param expiresAt new expiry, or empty to never expire
 * @param rateLimit new rate limit override, or empty for the defaults
 * @param metadata new metadata, replacing the old
 */
public record KeyUpdate(@Nullable String name, @Nullable List<String> scopes, @Nullable List<String> organizations,
		@Nullable Optional<Instant> expiresAt, @Nullable Optional<RateLimit> rateLimit,
		@Nullable Map<String, String> metadata) {
}
