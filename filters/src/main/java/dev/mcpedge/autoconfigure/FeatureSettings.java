package dev.mcpedge.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.mcpedge.audit.AuditSettings;
import dev.mcpedge.backend.CircuitBreakerSettings;
import dev.mcpedge.discovery.ProtectedResourceSettings;
import dev.mcpedge.identity.IdentityHeaderNames;
import dev.mcpedge.keys.KeyCacheSettings;
import dev.mcpedge.oauth.IssuerSettings;
import dev.mcpedge.oauth.OAuthSettings;
import dev.mcpedge.policy.PolicySettings;
import dev.mcpedge.ratelimit.BucketSettings;
import dev.mcpedge.ratelimit.RateLimitSettings;
import dev.mcpedge.sessions.SessionSettings;

import org.jspecify.annotations.Nullable;

/**
 * Maps the bound {@link McpEdgeProperties} onto each feature's own settings record, so that feature
 * packages never depend on the configuration properties (and the properties can change shape without
 * touching them). Validation stays on {@link McpEdgeProperties}, where the messages name the setting.
 */
final class FeatureSettings {

	private FeatureSettings() {
	}

	static KeyCacheSettings keyCache(McpEdgeProperties properties) {
		KeyCacheProperties cache = properties.apiKeys().cache();
		return new KeyCacheSettings(cache.ttl(), cache.staleIfError(), cache.negativeTtl(), cache.maximumSize());
	}

	static IdentityHeaderNames identityHeaders(McpEdgeProperties properties) {
		IdentityHeadersProperties names = properties.identityHeaders();
		return new IdentityHeaderNames(names.authMethod(), names.principal(), names.organization(), names.scopes(),
				names.access(), names.mode(), names.requestId());
	}

	static SessionSettings sessions(McpEdgeProperties properties) {
		return new SessionSettings(properties.sessions().ttl(), properties.sessions().cacheTtl());
	}

	static AuditSettings audit(McpEdgeProperties properties) {
		AuditProperties audit = properties.audit();
		return new AuditSettings(audit.includeArguments(), audit.redisStream(), audit.maxLength());
	}

	static CircuitBreakerSettings circuitBreaker(McpEdgeProperties properties) {
		CircuitBreakerProperties breaker = properties.backend().circuitBreaker();
		return new CircuitBreakerSettings(breaker.failureRateThreshold(), breaker.slidingWindowSize(),
				breaker.minimumNumberOfCalls(), breaker.waitDurationInOpenState(), breaker.permittedCallsInHalfOpenState());
	}

	static RateLimitSettings rateLimits(McpEdgeProperties properties) {
		RateLimitsProperties limits = properties.rateLimits();
		Map<String, BucketSettings> organizations = new HashMap<>();
		limits.organizations().forEach((organization, bucket) -> organizations.put(organization, bucket(bucket)));
		return new RateLimitSettings(bucket(limits.defaultBucket()), bucket(limits.organization()),
				bucket(limits.writeTools()), organizations, limits.leaseFraction(), limits.outageAfter());
	}

	/** The failed authentications allowed per client address, or {@code null} when rate limits are off. */
	static @Nullable BucketSettings failedAuth(McpEdgeProperties properties) {
		return properties.rateLimits().enabled() ? bucket(properties.rateLimits().failedAuth()) : null;
	}

	private static BucketSettings bucket(RateLimitBucket bucket) {
		return new BucketSettings(bucket.replenishRate(), bucket.burstCapacity());
	}

	static OAuthSettings oauth(McpEdgeProperties properties) {
		OAuthProperties oauth = properties.oauth();
		return new OAuthSettings(oauth.issuers().stream().map(FeatureSettings::issuer).toList(), oauth.clockSkew(),
				oauth.cacheMaximumSize(), oauth.jwksRefreshCooldown());
	}

	private static IssuerSettings issuer(IssuerProperties issuer) {
		return new IssuerSettings(issuer.issuerUri(), issuer.audience(), issuer.principalClaim(),
				issuer.organizationClaim(), issuer.organizationsClaim(), issuer.scopesClaim(), issuer.unrestricted(),
				issuer.tokenType(), issuer.wildcardScopes());
	}

	static PolicySettings policy(McpEdgeProperties properties) {
		PolicyProperties policy = properties.policy();
		return new PolicySettings(policy.readTools(), policy.writeTools(), policy.toolScopes(),
				policy.unmappedToolsAllowed(), policy.testModeArgument(), policy.maxBodySize(), policy.allowedOrigins(),
				policy.maxToolListSize());
	}

	static ProtectedResourceSettings protectedResource(McpEdgeProperties properties) {
		return new ProtectedResourceSettings(properties.resourceName(),
				properties.endpoints().stream()
					.map(endpoint -> new ProtectedResourceSettings.Resource(endpoint.path(), endpoint.acceptsOAuth()))
					.toList(),
				properties.primaryEndpoint().path(),
				properties.oauth().issuers().stream().map(issuer -> issuer.issuerUri().toString()).toList(),
				properties.oauth().scopesSupported());
	}
}
