package dev.mcpedge.gateway.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.mcpedge.gateway.support.JdkHttp;

/**
 * What an MCP client configured with a dashboard key does: {@code initialize}, then
 * {@code tools/call get_balance} (or another tool) in that session, the key as bearer token, over HTTP/1.1.
 */
final class ApiKeyCalls {

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private ApiKeyCalls() {
	}

	/** The tool call's response, or the initialize response when that is refused. */
	static HttpResponse<String> callTool(String endpoint, String key) {
		return callTool(endpoint, key, "get_balance");
	}

	/** {@code tools/call} of {@code tool} (a name without quotes or backslashes), as {@link #callTool(String, String)}. */
	static HttpResponse<String> callTool(String endpoint, String key, String tool) {
		HttpResponse<String> initialized = send(request(endpoint, key, """
				{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
				"clientInfo":{"name":"dashboard test","version":"1"}}}"""));
		if (initialized.statusCode() != 200) {
			return initialized;
		}
		return send(request(endpoint, key, """
				{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"%s","arguments":{}}}""".formatted(tool))
			.header("Mcp-Session-Id", initialized.headers().firstValue("Mcp-Session-Id").orElseThrow())
			.header("MCP-Protocol-Version", "2025-06-18"));
	}

	private static HttpRequest.Builder request(String endpoint, String key, String body) {
		return HttpRequest.newBuilder(URI.create(endpoint))
			.header("Authorization", "Bearer " + key)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream")
			.POST(HttpRequest.BodyPublishers.ofString(body));
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		return JdkHttp.send(http, request);
	}
}
