package dev.mcpedge.oauth;

import java.time.Duration;
import java.util.List;

/**
 * Which authorization servers {@link OAuthTokens} trusts and how it checks and caches their tokens
 * (the {@code mcp-edge.oauth.*} settings, whose documentation gives the defaults and limits).
 *
 * @param issuers the trusted authorization servers
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param cacheMaximumSize most validated tokens remembered
 * @param jwksRefreshCooldown shortest time between two fetches of an issuer's JWKS made because a token
 * names a key id the cached key set lacks
 */
public record OAuthSettings(List<IssuerSettings> issuers, Duration clockSkew, long cacheMaximumSize,
		Duration jwksRefreshCooldown) {

	public OAuthSettings {
		issuers = List.copyOf(issuers);
	}
}
