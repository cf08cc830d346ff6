package dev.mcpedge.gateway;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mcp-edge.backend.response-timeout} bounds the wait for a backend's answer (504, as a JSON-RPC
 * error when the request had an id), but not an SSE stream whose headers have arrived.
 */
@EdgeIntegrationTest(
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.backend.response-timeout=1s",
				"mcp-edge.admin.token=" + BackendTimeoutIntegrationTests.ADMIN })
class BackendTimeoutIntegrationTests {

	static final String ADMIN = "timeout-admin-token-0123456789";

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	@BeforeEach
	void backendSlowOrStreaming() {
		backend.resetAll();
		backend.stubFor(post("/mcp").withRequestBody(containing("slow_tool")).willReturn(aResponse().withFixedDelay(3000)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}")));
		backend.stubFor(post("/mcp").withRequestBody(containing("streamed_tool")).willReturn(aResponse()
			.withHeader("Content-Type", "text/event-stream")
			.withBody("event: message\ndata: {\"n\":1}\n\nevent: message\ndata: {\"n\":2}\n\nevent: message\ndata: {\"n\":3}\n\n")
			.withChunkedDribbleDelay(6, 2500)));
	}

	private WebTestClient.ResponseSpec call(String tool) {
		String key = AdminClient.of(port, ADMIN).key("org_timeout", "live");
		return McpClient.of(port).bearer(key).acceptingStreams().send(McpJson.toolCall(7, tool, "{}"));
	}

	@Test
	void toolCallWhenBackendSlowerThanTheTimeoutThen504JsonRpcErrorWithTheId() {
		long start = System.nanoTime();
		call("slow_tool")
			.expectStatus().isEqualTo(504)
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32001,"
					+ "\"message\":\"Request timed out: the MCP server did not answer in time\"}}", true);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered at the timeout, not at the backend's pace")
			.isLessThan(Duration.ofMillis(2900));
	}

	@Test
	void sseStreamWhenLongerThanTheTimeoutThenDeliveredWhole() {
		String events = call("streamed_tool")
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(events).contains("{\"n\":1}").contains("{\"n\":2}").contains("{\"n\":3}");
	}
}
