package dev.mcpedge.gateway;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayInstances;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Two gateway instances on one Redis admit the configured burst together, not twice it. */
class SharedRateLimitIntegrationTests {

	private static final String TOKEN = "shared-rl-admin-token-0123456789";

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		a = instance();
		b = instance();
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	private static ConfigurableApplicationContext instance() {
		return gateways.start("--mcp-edge.rate-limits.default.replenish-rate=0.05",
				"--mcp-edge.rate-limits.default.burst-capacity=4");
	}

	private static WebTestClient.ResponseSpec ping(ConfigurableApplicationContext instance, String key) {
		return GatewayInstances.mcp(instance).bearer(key).ping();
	}

	@Test
	void keyWhenUsedThroughBothInstancesThenTheyShareOneBucket() {
		String key = gateways.admin(a).key(Map.of("organizationId", "org_shared_rl"));
		for (int i = 0; i < 4; i++) {
			ping(i % 2 == 0 ? a : b, key).expectStatus().isOk();
		}
		ping(a, key).expectStatus().isEqualTo(429);
		ping(b, key).expectStatus().isEqualTo(429).expectHeader().valueEquals("RateLimit-Remaining", "0");
	}
}
