package dev.mcpedge.gateway.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.discovery.EndpointUrls;

import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * What the secret page offers to paste into an MCP client, for a new secret: the {@code claude mcp add}
 * line for Claude Code, and the JSON entries for Cursor ({@code ~/.cursor/mcp.json}) and VS Code
 * ({@code .vscode/mcp.json}), each naming the server {@value #SERVER_NAME} at the first endpoint that
 * takes API keys, with the key as bearer token. The JSON is written by the JSON mapper, never by
 * concatenation, so any character is quoted as JSON requires.
 */
@Component
@Conditional(DashboardEnabled.class)
class ClientConfigurations {

	static final String SERVER_NAME = "mcp-edge";

	private final JsonMapper json;

	private final String endpoint;

	ClientConfigurations(JsonMapper json, McpEdgeProperties properties, EndpointUrls urls) {
		this.json = json;
		// the first endpoint that takes API keys (primaryEndpoint() is the OAuth one)
		this.endpoint = urls.resource(properties.endpoints()
			.stream()
			.filter(EndpointProperties::acceptsApiKeys)
			.findFirst()
			.orElse(properties.endpoints().get(0))
			.path());
	}

	/** The configurations for {@code secret}, by name: {@code claude}, {@code cursor}, {@code vscode}. */
	Map<String, String> forKey(String secret) {
		Map<String, String> headers = Map.of("Authorization", "Bearer " + secret);
		return Map.of("claude",
				"claude mcp add --transport http " + SERVER_NAME + " " + endpoint + " --header \"Authorization: Bearer "
						+ secret + "\"",
				"cursor", pretty(Map.of("mcpServers", Map.of(SERVER_NAME, ordered("url", endpoint, "headers", headers)))),
				"vscode", pretty(Map.of("servers",
						Map.of(SERVER_NAME, ordered("type", "http", "url", endpoint, "headers", headers)))));
	}

	private String pretty(Object value) {
		return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
	}

	/** A JSON object with its fields in the order given (name, value, name, value, ...). */
	private static Map<String, Object> ordered(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}
}
