package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.Ports;
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

/**
 * A backend that is not there gives the client a JSON 503 at once, not a hang or an HTML page; a
 * JSON-RPC envelope when the request had an id.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "mcp-edge.public-url=https://mcp.example.com")
class BackendUnavailableIntegrationTests {

	private static final int CLOSED_PORT = Ports.free();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys apiKeys;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + CLOSED_PORT + "/mcp");
	}

	@Test
	void postWhenBackendRefusesConnectionsThen503JsonWithRetryAfter() {
		String key = apiKeys.create(new NewApiKey("down", "org_down", List.of(), List.of(), Mode.TEST, null, null, Map.of()))
			.block(Duration.ofSeconds(5))
			.secret();
		WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(5)).build()
			.post().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectHeader().valueEquals("Retry-After", "1")
			.expectHeader().exists("X-Request-Id")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,"
					+ "\"message\":\"The MCP server is unavailable; try again shortly\"}}", true);
		WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(5)).build()
			.post().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectBody().json("{\"error\":\"backend_unavailable\"}", true);
	}


	@Test
	void readinessWhenBackendDownThenDownAndLivenessStillUp() {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		client.get().uri("/actuator/health/readiness").exchange()
			.expectStatus().isEqualTo(503)
			.expectBody().jsonPath("$.status").isEqualTo("DOWN")
			.jsonPath("$.components.backend.status").isEqualTo("DOWN")
			.jsonPath("$.components.redis.status").isEqualTo("UP");
		client.get().uri("/actuator/health/liveness").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP");
	}
}
