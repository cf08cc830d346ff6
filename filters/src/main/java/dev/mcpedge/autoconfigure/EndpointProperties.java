package dev.mcpedge.autoconfigure;

import java.util.List;

import dev.mcpedge.auth.CredentialType;

import org.springframework.util.Assert;

/**
 * One MCP endpoint of the edge, an entry of {@code mcp-edge.endpoints}: the path clients call and
 * the credentials it accepts. The application adds one route per endpoint.
 *
 * @param path path clients call, e.g. {@code /api/mcp}
 * @param credentials credential types accepted; with both, a bearer value that starts with a key
 * prefix is an API key and anything else an OAuth access token
 */
public record EndpointProperties(String path, List<CredentialType> credentials) {

	/**
	 * Paths the application serves itself (admin API, dashboard and its sign-in, discovery, actuator):
	 * an endpoint there would be looked up before them and proxy what must never reach the backend.
	 */
	static final List<String> RESERVED = List.of("/admin", "/dashboard", "/login", "/oauth2", "/.well-known",
			"/actuator");

	public EndpointProperties {
		Assert.isTrue(path != null && path.startsWith("/"),
				() -> "mcp-edge.endpoints[].path (" + path + ") must start with '/'");
		Assert.isTrue(path.chars().noneMatch(c -> "*?{}".indexOf(c) >= 0),
				() -> "mcp-edge.endpoints[].path (" + path + ") must be a plain path, not a pattern");
		Assert.isTrue(RESERVED.stream().noneMatch(reserved -> path.equals(reserved) || path.startsWith(reserved + "/")),
				() -> "mcp-edge.endpoints[].path (" + path + ") must not be under " + String.join(", ", RESERVED)
						+ ": the gateway serves those paths itself");
		Assert.notEmpty(credentials, () -> "mcp-edge.endpoints[].credentials of " + path + " must not be empty");
		credentials = List.copyOf(credentials);
	}

	public boolean acceptsOAuth() {
		return credentials.contains(CredentialType.OAUTH);
	}

	public boolean acceptsApiKeys() {
		return credentials.contains(CredentialType.API_KEY);
	}
}
