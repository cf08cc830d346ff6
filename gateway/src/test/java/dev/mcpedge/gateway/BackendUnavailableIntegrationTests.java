package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A backend that is not there gives the client a JSON 503 at once, not a hang or an HTML page; a
 * JSON-RPC envelope when the request had an id.
 */
@EdgeIntegrationTest(properties = "mcp-edge.public-url=https://mcp.example.com")
class BackendUnavailableIntegrationTests {

	private static final int CLOSED_PORT = Ports.free();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyAdministration apiKeys;

	/** Instead of the fixture's backend: nothing listens there. */
	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + CLOSED_PORT + "/mcp");
	}

	@Test
	void postWhenBackendRefusesConnectionsThen503JsonWithRetryAfter() {
		String key = apiKeys.create(new NewApiKey("down", "org_down", List.of(), List.of(), Mode.TEST, null, null, Map.of()))
			.block(Duration.ofSeconds(5))
			.secret();
		McpClient mcp = McpClient.of(port).bearer(key);
		mcp.ping()
			.expectStatus().isEqualTo(503)
			.expectHeader().valueEquals("Retry-After", "1")
			.expectHeader().exists("X-Request-Id")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,"
					+ "\"message\":\"The MCP server is unavailable; try again shortly\"}}", true);
		mcp.send("""
				{"jsonrpc":"2.0","method":"notifications/initialized"}""")
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
