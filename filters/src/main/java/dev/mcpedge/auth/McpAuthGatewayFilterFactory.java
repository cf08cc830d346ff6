package dev.mcpedge.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.mcpedge.discovery.EndpointUrls;
import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.errors.EdgeError;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.ApiKeyVerifier;
import dev.mcpedge.keys.KeyCheck;
import dev.mcpedge.oauth.OAuthTokens;
import dev.mcpedge.oauth.TokenCheck;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.NamedStep;
import dev.mcpedge.ratelimit.BucketSettings;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Authenticates the caller of an MCP endpoint.
 * <p>
 * The bearer credential is verified as an API key or an OAuth access token, as the route's
 * {@code credentials} allow (with both, a value that starts with a key prefix is an API key). On
 * success, {@code X-Organization-Id} picks the organization in effect among those the credential
 * allows, and the {@link EdgeIdentity} goes on the exchange; {@code IdentityHeaders} tells the backend
 * who called, as the last step before the request leaves. Failures are answered here with the
 * endpoint's {@code WWW-Authenticate} challenge. YAML name: {@code McpAuth}.
 */
public class McpAuthGatewayFilterFactory extends AbstractGatewayFilterFactory<McpAuthGatewayFilterFactory.Config> {

	/** Request header selecting another organization the identity may act for. */
	public static final String ORGANIZATION_HEADER = "X-Organization-Id";

	private static final Log logger = LogFactory.getLog(McpAuthGatewayFilterFactory.class);

	private static final String REALM = "mcp-edge";

	private static final String NO_ISSUER = "OAuth access tokens cannot be validated: no trusted issuer is configured";

	private final ApiKeyVerifier apiKeys;

	private final @Nullable OAuthTokens oauthTokens;

	private final ErrorResponder errors;

	private final EndpointUrls urls;

	private final @Nullable FailedAuthLimiter failedAuth;

	/**
	 * @param failedAuthLimit failed authentications allowed per client address, or {@code null} for no
	 * limit
	 */
	public McpAuthGatewayFilterFactory(ApiKeyVerifier apiKeys, @Nullable OAuthTokens oauthTokens,
			ErrorResponder errors, EndpointUrls urls,
			@Nullable BucketSettings failedAuthLimit, Clock clock) {
		super(Config.class);
		this.failedAuth = failedAuthLimit == null ? null : new FailedAuthLimiter(failedAuthLimit, clock);
		this.apiKeys = apiKeys;
		this.oauthTokens = oauthTokens;
		this.errors = errors;
		this.urls = urls;
	}

	@Override
	public GatewayFilter apply(Config config) {
		boolean acceptsKeys = config.getCredentials().contains(CredentialType.API_KEY);
		boolean acceptsOAuth = config.getCredentials().contains(CredentialType.OAUTH);
		String resourcePath = config.getResourcePath();
		BearerChallenge fixedChallenge = resourcePath != null ? challenge(resourcePath, acceptsOAuth) : null;
		String fixedResource = resourcePath != null ? urls.resource(resourcePath) : null;
		return NamedStep.of(toString() + config, FilterOrder.AUTH, (exchange, chain) -> {
			String path = fixedResource != null ? resourcePath : matchedPattern(exchange);
			long blocked = failedAuth == null ? 0 : failedAuth.blockedFor(exchange);
			if (blocked > 0) {
				return errors.write(exchange, EdgeErrors.rateLimited(blocked));
			}
			BearerChallenge challenge = fixedChallenge != null ? fixedChallenge : challenge(path, acceptsOAuth);
			BearerCredential credential = BearerCredential.of(exchange.getRequest());
			if (credential instanceof BearerCredential.Malformed malformed) {
				return refuse(exchange, EdgeErrors.invalidRequest(challenge, malformed.description()));
			}
			if (!(credential instanceof BearerCredential.Present present)) {
				return refuse(exchange, EdgeErrors.missingCredential(challenge));
			}
			String token = present.token();
			if (acceptsKeys && (!acceptsOAuth || apiKeys.format().hasKnownPrefix(token))) {
				return apiKeys.verify(token).flatMap(check -> onKeyCheck(exchange, chain, challenge, token, check));
			}
			if (oauthTokens == null) {
				return refuse(exchange, EdgeErrors.invalidToken(challenge, NO_ISSUER));
			}
			String resource = fixedResource != null ? fixedResource : urls.resource(path);
			return oauthTokens.verify(token, resource).flatMap(check -> onTokenCheck(exchange, chain, challenge, check));
		});
	}

	private Mono<Void> onKeyCheck(ServerWebExchange exchange, GatewayFilterChain chain, BearerChallenge challenge,
			String token, KeyCheck check) {
		if (check instanceof KeyCheck.Valid valid) {
			ApiKeyRecord key = valid.key();
			exchange.getAttributes().put(ApiKeyRecord.ATTRIBUTE, key);
			return forward(exchange, chain, challenge, key.organizationId(), key::mayActFor, organization -> new EdgeIdentity(
					AuthMethod.API_KEY, key.id(), organization, key.scopes(), key.scopes().isEmpty(), key.mode()));
		}
		if (check instanceof KeyCheck.Rejected rejected) {
			if (logger.isDebugEnabled()) {
				logger.debug(exchange.getLogPrefix() + "API key " + apiKeys.format().redact(token) + " refused: "
						+ rejected.description());
			}
			return refuse(exchange, EdgeErrors.invalidToken(challenge, rejected.description()));
		}
		return errors.write(exchange, EdgeErrors.credentialStoreUnavailable());
	}

	/** Answers a failed authentication, and counts it against the client's address. */
	private Mono<Void> refuse(ServerWebExchange exchange, EdgeError error) {
		if (failedAuth != null) {
			failedAuth.failed(exchange);
		}
		return errors.write(exchange, error);
	}

	private Mono<Void> onTokenCheck(ServerWebExchange exchange, GatewayFilterChain chain, BearerChallenge challenge,
			TokenCheck check) {
		if (check instanceof TokenCheck.Valid valid) {
			exchange.getAttributes().put(TokenCheck.Valid.ATTRIBUTE, valid);
			return forward(exchange, chain, challenge, valid.organizationId(), valid.organizations()::contains,
					organization -> new EdgeIdentity(AuthMethod.OAUTH, valid.subject(), organization, valid.scopes(),
							valid.unrestricted(), (Mode) null, valid.wildcardScopes()));
		}
		if (check instanceof TokenCheck.Rejected rejected) {
			if (logger.isDebugEnabled()) {
				logger.debug(exchange.getLogPrefix() + "Access token refused: " + rejected.description());
			}
			return refuse(exchange, EdgeErrors.invalidToken(challenge, rejected.description()));
		}
		return errors.write(exchange, EdgeErrors.credentialStoreUnavailable());
	}

	/**
	 * Picks the organization in effect ({@code X-Organization-Id} if one the credential allows, else
	 * its default) and forwards with the identity on the exchange; 403 for an organization not allowed.
	 */
	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, BearerChallenge challenge,
			@Nullable String defaultOrganization, Predicate<String> allowed,
			java.util.function.Function<String, EdgeIdentity> identityFor) {
		List<String> requested = exchange.getRequest().getHeaders().getValuesAsList(ORGANIZATION_HEADER);
		if (requested.size() > 1) {
			return errors.write(exchange, EdgeErrors.invalidRequest(challenge, "more than one " + ORGANIZATION_HEADER));
		}
		String organization = requested.isEmpty() ? defaultOrganization : requested.get(0).trim();
		if (!requested.isEmpty() && !allowed.test(organization)) {
			return errors.write(exchange, EdgeErrors.accessDenied());
		}
		EdgeIdentity identity = identityFor.apply(organization);
		exchange.getAttributes().put(EdgeIdentity.ATTRIBUTE, identity);
		exchange.getAttributes().put(BearerChallenge.ATTRIBUTE, challenge);
		return chain.filter(exchange);
	}

	/**
	 * The path pattern the route matched, never the request's own spelling; for a pattern with
	 * wildcards, set {@code resourcePath}, or no token's audience will match.
	 */
	private static String matchedPattern(ServerWebExchange exchange) {
		String pattern = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_PREDICATE_MATCHED_PATH_ATTR);
		return pattern != null ? pattern : "";
	}

	private BearerChallenge challenge(String resourcePath, boolean acceptsOAuth) {
		return acceptsOAuth ? BearerChallenge.resourceMetadata(urls.metadata(resourcePath))
				: BearerChallenge.realm(REALM);
	}

	@Override
	public String toString() {
		return "McpAuth";
	}

	/** Per-route settings. */
	public static class Config {

		private List<CredentialType> credentials = new ArrayList<>(List.of(CredentialType.API_KEY));

		private String resourcePath;

		/** Credential types the route accepts; default API keys only. */
		public List<CredentialType> getCredentials() {
			return credentials;
		}

		public Config setCredentials(List<CredentialType> credentials) {
			this.credentials = new ArrayList<>(credentials);
			return this;
		}

		/**
		 * The endpoint path clients call, for the resource and metadata URLs; default the route's path
		 * pattern (set it for a pattern with wildcards).
		 */
		public String getResourcePath() {
			return resourcePath;
		}

		public Config setResourcePath(String resourcePath) {
			this.resourcePath = resourcePath;
			return this;
		}

		@Override
		public String toString() {
			return "[credentials=" + credentials + ", resourcePath=" + resourcePath + "]";
		}
	}
}
