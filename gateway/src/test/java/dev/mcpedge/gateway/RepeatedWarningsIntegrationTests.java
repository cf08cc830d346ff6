package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that is down, met by many requests: each gets its 503, and the log gets one warning, not
 * one per request (an outage at thousands of requests a second would otherwise write thousands of
 * lines a second). The circuit breaker, which would stop the calls after a few, is off here.
 */
@EdgeIntegrationTest(properties = { "mcp-edge.public-url=https://mcp.example.com",
		"mcp-edge.backend.circuit-breaker.enabled=false" })
@ExtendWith(OutputCaptureExtension.class)
class RepeatedWarningsIntegrationTests {

	private static final int CLOSED_PORT = Ports.free();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyAdministration apiKeys;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + CLOSED_PORT + "/mcp");
	}

	@Test
	void manyRequestsWhenBackendDownThenEachGets503AndTheLogOneWarning(CapturedOutput output) {
		String key = apiKeys.create(new NewApiKey("down", "org_warn", List.of(), List.of(), Mode.TEST, null, null, Map.of()))
			.block(Duration.ofSeconds(5))
			.secret();
		McpClient mcp = McpClient.of(port).bearer(key);
		for (int i = 0; i < 50; i++) {
			mcp.ping().expectStatus().isEqualTo(503).expectBody()
				.jsonPath("$.error.message").isEqualTo("The MCP server is unavailable; try again shortly");
		}
		assertThat(output.getOut().split("Backend unreachable for request", -1)).as("one warning for 50 requests")
			.hasSize(2);
	}
}
