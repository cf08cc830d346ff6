package dev.mcpedge.auth;

import java.util.ArrayList;
import java.util.List;

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
import dev.mcpedge.identity.IdentityHeaders;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.ApiKeys;
import dev.mcpedge.keys.KeyCheck;
import dev.mcpedge.web.RequestIdWebFilter;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.web.server.ServerWebExchange;

/**
 * Authenticates the caller of an MCP endpoint and tells the backend who it is.
 * <p>
 * The bearer credential is verified as an API key or an OAuth access token, as the route's
 * {@code credentials} allow (with both, a value that starts with a key prefix is an API key). On
 * success, {@code X-Organization-Id} picks the organization in effect, {@code Authorization} and
 * every identity header are removed from the request, and the edge's identity headers are set.
 * Failures are answered here with the endpoint's {@code WWW-Authenticate} challenge.
 * YAML name: {@code McpAuth}.
 */
public class McpAuthGatewayFilterFactory extends AbstractGatewayFilterFactory<McpAuthGatewayFilterFactory.Config> {

	/** Request header selecting another organization the identity may act for. */
	public static final String ORGANIZATION_HEADER = "X-Organization-Id";

	private static final Log logger = LogFactory.getLog(McpAuthGatewayFilterFactory.class);

	private static final String REALM = "mcp-edge";

	private final ApiKeys apiKeys;

	private final IdentityHeaders identityHeaders;

	private final ErrorResponder errors;

	private final EndpointUrls urls;

	private final String oauthRefusal;

	public McpAuthGatewayFilterFactory(ApiKeys apiKeys, IdentityHeaders identityHeaders, ErrorResponder errors,
			EndpointUrls urls, boolean issuersConfigured) {
		super(Config.class);
		this.oauthRefusal = issuersConfigured ? "OAuth access tokens are not validated by this version of mcp-edge"
				: "OAuth access tokens cannot be validated: no trusted issuer is configured";
		this.apiKeys = apiKeys;
		this.identityHeaders = identityHeaders;
		this.errors = errors;
		this.urls = urls;
	}

	@Override
	public GatewayFilter apply(Config config) {
		boolean acceptsKeys = config.getCredentials().contains(CredentialType.API_KEY);
		boolean acceptsOAuth = config.getCredentials().contains(CredentialType.OAUTH);
		String resourcePath = config.getResourcePath();
		BearerChallenge fixedChallenge = resourcePath != null ? challenge(resourcePath, acceptsOAuth) : null;
		return new GatewayFilter() {
			@Override
			public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
				BearerChallenge challenge = fixedChallenge != null ? fixedChallenge
						: challenge(exchange.getRequest().getPath().value(), acceptsOAuth);
				BearerCredential credential = BearerCredential.of(exchange.getRequest());
				if (credential instanceof BearerCredential.Malformed malformed) {
					return errors.write(exchange, EdgeErrors.invalidRequest(challenge, malformed.description()));
				}
				if (!(credential instanceof BearerCredential.Present present)) {
					return errors.write(exchange, EdgeErrors.missingCredential(challenge));
				}
				String token = present.token();
				if (acceptsKeys && (!acceptsOAuth || apiKeys.format().hasKnownPrefix(token))) {
					return apiKeys.verify(token).flatMap(check -> {
						if (check instanceof KeyCheck.Rejected rejected && logger.isDebugEnabled()) {
							logger.debug(exchange.getLogPrefix() + "API key " + apiKeys.format().redact(token) + " refused: "
									+ rejected.description());
						}
						return onKeyCheck(exchange, chain, challenge, check);
					});
				}
				return errors.write(exchange, EdgeErrors.invalidToken(challenge, oauthRefusal));
			}

			@Override
			public String toString() {
				return McpAuthGatewayFilterFactory.this.toString() + config;
			}
		};
	}

	private Mono<Void> onKeyCheck(ServerWebExchange exchange, GatewayFilterChain chain, BearerChallenge challenge,
			KeyCheck check) {
		if (check instanceof KeyCheck.Valid valid) {
			ApiKeyRecord key = valid.key();
			List<String> requested = exchange.getRequest().getHeaders().getValuesAsList(ORGANIZATION_HEADER);
			if (requested.size() > 1) {
				return errors.write(exchange, EdgeErrors.invalidRequest(challenge, "more than one " + ORGANIZATION_HEADER));
			}
			String organization = requested.isEmpty() ? key.organizationId() : requested.get(0).trim();
			if (!key.mayActFor(organization)) {
				return errors.write(exchange, EdgeErrors.accessDenied());
			}
			return forward(exchange, chain,
					new EdgeIdentity(AuthMethod.API_KEY, key.id(), organization, key.scopes(), key.mode()));
		}
		EdgeError error = check instanceof KeyCheck.Rejected rejected
				? EdgeErrors.invalidToken(challenge, rejected.description()) : EdgeErrors.credentialStoreUnavailable();
		return errors.write(exchange, error);
	}

	private Mono<Void> forward(ServerWebExchange exchange, GatewayFilterChain chain, EdgeIdentity identity) {
		exchange.getAttributes().put(EdgeIdentity.ATTRIBUTE, identity);
		String requestId = RequestIdWebFilter.requestId(exchange);
		ServerWebExchange mutated = exchange.mutate()
			.request(request -> request.headers(headers -> identityHeaders.apply(headers, identity, requestId)))
			.build();
		return chain.filter(mutated);
	}

	private BearerChallenge challenge(String resourcePath, boolean acceptsOAuth) {
		return acceptsOAuth ? BearerChallenge.resourceMetadata(urls.metadata(resourcePath))
				: BearerChallenge.realm(REALM);
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

		/** The endpoint path clients call, for the metadata URL in challenges; default the request path. */
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
