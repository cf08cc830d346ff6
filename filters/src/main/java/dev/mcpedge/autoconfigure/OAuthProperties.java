package dev.mcpedge.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * OAuth access tokens, under {@code mcp-edge.oauth}: the authorization servers the edge trusts and how
 * it checks their tokens and keys.
 *
 * @param issuers trusted authorization servers; their JWKS is found through their metadata
 * @param clockSkew tolerance when checking {@code exp} and {@code nbf}
 * @param scopesSupported scopes advertised in the protected resource metadata ({@code offline_access}
 * is never advertised: the resource has no use for refresh tokens)
 * @param cacheMaximumSize most validated tokens remembered (each until shortly before its {@code exp})
 * @param jwksRefreshCooldown shortest time between two fetches of an issuer's JWKS made because a
 * token names a key id ({@code kid}) the cached key set lacks; default 30s, between 1s and 10
 * minutes. Within the cooldown such tokens are refused (401) without a fetch; concurrent lookups
 * share one fetch; a key id still missing after a fetch is refused without one for ten cooldowns
 * (at most 1,000 remembered per issuer). A key the issuer newly publishes is picked up by the first
 * token naming it once the cooldown since the last fetch has passed.
 */
public record OAuthProperties(List<IssuerProperties> issuers, @DefaultValue("30s") Duration clockSkew,
		List<String> scopesSupported, @DefaultValue("10000") long cacheMaximumSize,
		@DefaultValue("30s") Duration jwksRefreshCooldown) {

	public OAuthProperties {
		issuers = issuers == null ? List.of() : List.copyOf(issuers);
		scopesSupported = scopesSupported == null ? List.of()
				: scopesSupported.stream().filter(s -> !"offline_access".equals(s)).toList();
		Assert.isTrue(!clockSkew.isNegative() && clockSkew.compareTo(Duration.ofMinutes(5)) <= 0,
				() -> "mcp-edge.oauth.clock-skew (" + clockSkew + ") must be between 0 and 5 minutes");
		Assert.isTrue(jwksRefreshCooldown.compareTo(Duration.ofSeconds(1)) >= 0
				&& jwksRefreshCooldown.compareTo(Duration.ofMinutes(10)) <= 0,
				() -> "mcp-edge.oauth.jwks-refresh-cooldown (" + jwksRefreshCooldown + ") must be between 1s and 10 minutes");
	}
}
