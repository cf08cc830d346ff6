package dev.mcpedge.gateway;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.TestRedis;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyFormat;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An address that keeps failing to authenticate is refused with 429 before its credential is looked
 * at: guessing keys costs the gateway and Redis almost nothing.
 */
@EdgeIntegrationTest(
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.backend.url=http://127.0.0.1:9/mcp",
				"mcp-edge.rate-limits.failed-auth.replenish-rate=0.05", "mcp-edge.rate-limits.failed-auth.burst-capacity=3" })
class FailedAuthLimitIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyAdministration apiKeys;

	private WebTestClient.ResponseSpec call(String key) {
		return McpClient.of(port).bearer(key).ping();
	}

	@Test
	void addressWhenItKeepsFailingThen429BeforeAnyKeyLookupEvenForAValidKey() {
		ApiKeyFormat format = new ApiKeyFormat("mcp_live_", "mcp_test_");
		for (int i = 0; i < 3; i++) {
			call(format.generate(Mode.LIVE)).expectStatus().isUnauthorized();
		}
		String valid = apiKeys.create(new NewApiKey("ok", "org_fail", List.of(), List.of(), Mode.LIVE, null, null, Map.of()))
			.block().secret();
		long lookups = TestRedis.calls("get");
		call(format.generate(Mode.LIVE)).expectStatus().isEqualTo(429)
			.expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 20L))
			.expectBody().jsonPath("$.error").isEqualTo("rate_limited");
		call(valid).expectStatus().isEqualTo(429);
		assertThat(TestRedis.calls("get")).as("no key lookup while the address is blocked").isEqualTo(lookups);
	}
}
