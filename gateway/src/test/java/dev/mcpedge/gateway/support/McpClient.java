package dev.mcpedge.gateway.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An MCP client for tests: POSTs JSON-RPC bodies to one endpoint of a gateway with a bearer and
 * any headers, and hands back WebTestClient's answer so the test asserts status, headers and body.
 * Instances are immutable; {@link #bearer}, {@link #path} and {@link #header} return a copy.
 */
public final class McpClient {

	private final WebTestClient client;

	private final String path;

	private final Map<String, String> headers;

	private McpClient(WebTestClient client, String path, Map<String, String> headers) {
		this.client = client;
		this.path = path;
		this.headers = headers;
	}

	/** A client of {@code /api/mcp} on the gateway listening on {@code port}, without credentials. */
	public static McpClient of(int port) {
		return of(WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofSeconds(15)).build());
	}

	/** A client of {@code /api/mcp} through {@code client}, without credentials. */
	public static McpClient of(WebTestClient client) {
		return new McpClient(client, "/api/mcp", Map.of());
	}

	/** The same client, sending {@code Authorization: Bearer <token>}. */
	public McpClient bearer(String token) {
		return header("Authorization", "Bearer " + token);
	}

	/** The same client, posting to {@code path} (it may carry a query). */
	public McpClient path(String path) {
		return new McpClient(client, path, headers);
	}

	/** The same client, sending this header too (replacing one of the same name). */
	public McpClient header(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(headers);
		more.put(name, value);
		return new McpClient(client, path, Map.copyOf(more));
	}

	/** The same client, sending these headers too: names and values in turn. */
	public McpClient headers(String... namesAndValues) {
		McpClient more = this;
		for (int i = 0; i < namesAndValues.length; i += 2) {
			more = more.header(namesAndValues[i], namesAndValues[i + 1]);
		}
		return more;
	}

	/** The same client, accepting JSON and SSE answers as MCP clients do. */
	public McpClient acceptingStreams() {
		return header("Accept", "application/json, text/event-stream");
	}

	/** POSTs {@code body} as JSON. */
	public WebTestClient.ResponseSpec send(String body) {
		WebTestClient.RequestBodySpec request = client.post().uri(path);
		headers.forEach(request::header);
		return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/** {@code ping} with id 1. */
	public WebTestClient.ResponseSpec ping() {
		return send(McpJson.PING);
	}

	/** {@code tools/list} with id 1. */
	public WebTestClient.ResponseSpec toolsList() {
		return send(McpJson.TOOLS_LIST);
	}

	/** {@code tools/call} of {@code tool} with id 1 and {@code arguments} (a JSON object, or null for none). */
	public WebTestClient.ResponseSpec callTool(String tool, String arguments) {
		return send(McpJson.toolCall(1, tool, arguments));
	}

	/** {@code initialize} with id 1 for {@code protocolVersion}. */
	public WebTestClient.ResponseSpec initialize(String protocolVersion) {
		return send(McpJson.request(1, "initialize", """
				{"protocolVersion":"%s","capabilities":{},"clientInfo":{"name":"test","version":"1"}}"""
			.formatted(protocolVersion)));
	}

	/** The status of a {@code ping}, for polling. */
	public int pingStatus() {
		return ping().returnResult(Void.class).getStatus().value();
	}
}
