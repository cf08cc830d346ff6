package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.TestRedis;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeys;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mcp-edge.backend.response-timeout} bounds the wait for a backend's answer (504, as a JSON-RPC
 * error when the request had an id), but not an SSE stream whose headers have arrived.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.backend.response-timeout=1s" })
class BackendTimeoutIntegrationTests {

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	static {
		backend.start();
		backend.stubFor(post("/mcp").withRequestBody(containing("slow_tool")).willReturn(aResponse().withFixedDelay(3000)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}")));
		backend.stubFor(post("/mcp").withRequestBody(containing("streamed_tool")).willReturn(aResponse()
			.withHeader("Content-Type", "text/event-stream")
			.withBody("event: message\ndata: {\"n\":1}\n\nevent: message\ndata: {\"n\":2}\n\nevent: message\ndata: {\"n\":3}\n\n")
			.withChunkedDribbleDelay(6, 2500)));
	}

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + backend.port() + "/mcp");
	}

	@AfterAll
	static void stop() {
		backend.stop();
	}

	private WebTestClient.ResponseSpec call(String tool) {
		String key = apiKeys.create(new NewApiKey("t", "org_timeout", List.of(), List.of(), Mode.LIVE, null, null, Map.of()))
			.block(Duration.ofSeconds(5)).secret();
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build()
			.post().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}")
			.exchange();
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
