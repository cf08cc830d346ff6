package dev.mcpedge.discovery;

import java.util.List;

/**
 * What {@link ProtectedResourceMetadataEndpoint} publishes (from {@code mcp-edge.resource-name},
 * {@code mcp-edge.endpoints} and {@code mcp-edge.oauth.*}).
 *
 * @param resourceName human-readable name of the resource
 * @param resources the MCP endpoints, one document each
 * @param primaryPath path of the endpoint whose document is served at the bare well-known path
 * @param authorizationServers issuer identifiers of the trusted authorization servers
 * @param scopesSupported scopes advertised to clients
 */
public record ProtectedResourceSettings(String resourceName, List<Resource> resources, String primaryPath,
		List<String> authorizationServers, List<String> scopesSupported) {

	public ProtectedResourceSettings {
		resources = List.copyOf(resources);
		authorizationServers = List.copyOf(authorizationServers);
		scopesSupported = List.copyOf(scopesSupported);
	}

	/**
	 * One MCP endpoint.
	 *
	 * @param path path clients call
	 * @param acceptsOAuth whether it accepts OAuth access tokens (only then does its document name
	 * authorization servers)
	 */
	public record Resource(String path, boolean acceptsOAuth) {
	}
}
