package dev.mcpedge.autoconfigure;

import java.net.URI;
import java.util.List;

import dev.mcpedge.auth.CredentialType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings of the edge, all under the {@code mcp-edge} prefix: the root, with one record per group
 * ({@link BackendProperties}, {@link PolicyProperties}, ...). The auto-configuration maps them onto each
 * feature's own settings record ({@code FeatureSettings}); validation stays here, where the messages
 * name the setting.
 *
 * @param publicUrl base URL clients use, possibly with a path prefix; {@code resource} and
 * {@code resource_metadata} are built from it, never from the {@code Host} header
 * @param resourceName human-readable name in the protected resource metadata
 * @param endpoints the MCP endpoints the edge serves and the credentials each accepts; default
 * {@code /api/mcp} for API keys and {@code /api/mcp/oauth} for OAuth access tokens
 * @param backend the MCP server behind the edge
 * @param admin the admin API
 * @param apiKeys API key format and cache
 * @param identityHeaders names of the headers that tell the backend who called
 * @param oauth trusted authorization servers
 * @param policy what the edge enforces on every MCP message: tool classes, tool scopes, test mode, limits
 * @param audit the audit record of every MCP request
 * @param rateLimits token buckets per principal, organization and write tools, and the failed-authentication limit
 * @param server limits of the HTTP server on client connections
 * @param sessions sessions of the 2025 protocol versions ({@code Mcp-Session-Id}) bound to their identity
 * @param shutdown what the gateway does between SIGTERM and its exit
 * @param dashboard the key dashboard's OpenID Connect client and its operators
 * @param warmUp the warm-up of a new instance before it reports ready
 * @param devMode the development defaults (an embedded Redis, the demo MCP server and organization):
 * unset, they run for what is not configured, and the start fails when production settings meet the
 * embedded Redis; {@code true}, they run for what is not configured; {@code false}, never
 */
// ignoreUnknownFields = false: a misspelt setting ("backend.ulr") must stop the start, not be ignored
@ConfigurationProperties(prefix = "mcp-edge", ignoreUnknownFields = false)
public record McpEdgeProperties(
		URI publicUrl,
		@DefaultValue("mcp-edge") String resourceName,
		List<EndpointProperties> endpoints,
		@DefaultValue @NestedConfigurationProperty BackendProperties backend,
		@DefaultValue @NestedConfigurationProperty AdminProperties admin,
		@DefaultValue @NestedConfigurationProperty ApiKeysProperties apiKeys,
		@DefaultValue @NestedConfigurationProperty IdentityHeadersProperties identityHeaders,
		@DefaultValue @NestedConfigurationProperty OAuthProperties oauth,
		@DefaultValue @NestedConfigurationProperty PolicyProperties policy,
		@DefaultValue @NestedConfigurationProperty AuditProperties audit,
		@DefaultValue @NestedConfigurationProperty RateLimitsProperties rateLimits,
		@DefaultValue @NestedConfigurationProperty EdgeServerProperties server,
		@DefaultValue @NestedConfigurationProperty SessionsProperties sessions,
		@DefaultValue @NestedConfigurationProperty ShutdownProperties shutdown,
		@DefaultValue @NestedConfigurationProperty DashboardProperties dashboard,
		@DefaultValue @NestedConfigurationProperty WarmUpProperties warmUp,
		Boolean devMode) {

	public McpEdgeProperties {
		Assert.notNull(publicUrl, "mcp-edge.public-url must be set (the base URL clients use, e.g. https://api.example.com)");
		Assert.isTrue(publicUrl.isAbsolute() && publicUrl.getHost() != null,
				() -> "mcp-edge.public-url (" + publicUrl + ") must be an absolute http(s) URL");
		if (endpoints == null || endpoints.isEmpty()) {
			endpoints = List.of(new EndpointProperties("/api/mcp", List.of(CredentialType.API_KEY)),
					new EndpointProperties("/api/mcp/oauth", List.of(CredentialType.OAUTH)));
		}
		endpoints = List.copyOf(endpoints);
		Assert.isTrue(backend.testUrl() == null || apiKeys.testMode(), () -> "mcp-edge.backend.test-url ("
				+ backend.testUrl() + ") needs test mode, which is off: mcp-edge.api-keys.test-prefix is empty");
	}

	/** The first endpoint that accepts OAuth access tokens, else the first endpoint. */
	public EndpointProperties primaryEndpoint() {
		return endpoints.stream().filter(EndpointProperties::acceptsOAuth).findFirst().orElse(endpoints.get(0));
	}
}
