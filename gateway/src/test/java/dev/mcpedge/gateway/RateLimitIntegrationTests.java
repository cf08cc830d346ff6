package dev.mcpedge.gateway;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in Redis: a burst then 429 with Retry-After and RateLimit headers, a key's own limit,
 * an organization's limit shared by its keys, and the write-tool bucket apart from reads. Rates are
 * slow (one token per 20 s) so no outcome depends on timing.
 */
@EdgeIntegrationTest(
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=ratelimit-admin-token-012345",
				"mcp-edge.rate-limits.default.replenish-rate=0.05", "mcp-edge.rate-limits.default.burst-capacity=3",
				"mcp-edge.rate-limits.write-tools.replenish-rate=0.05", "mcp-edge.rate-limits.write-tools.burst-capacity=1",
				"mcp-edge.rate-limits.organizations.org_shared.replenish-rate=0.05",
				"mcp-edge.rate-limits.organizations.org_shared.burst-capacity=2",
				"mcp-edge.policy.read-tools=get_*", "mcp-edge.policy.write-tools=create_*" })
class RateLimitIntegrationTests {

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	private McpClient mcp;

	private AdminClient admin;

	@BeforeEach
	void clients() {
		backend.resetToEmptyResult();
		mcp = McpClient.of(port);
		admin = AdminClient.of(port, "ratelimit-admin-token-012345");
	}

	private String key(Map<String, Object> request) {
		return admin.key(request);
	}

	private WebTestClient.ResponseSpec call(String key, String tool) {
		return tool == null ? mcp.bearer(key).ping() : mcp.bearer(key).send(McpJson.toolCall(tool));
	}

	private static void limited(WebTestClient.ResponseSpec response) {
		response.expectStatus().isEqualTo(429)
			.expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value))
				.isBetween(1L, 20L))
			.expectHeader().valueEquals("RateLimit-Remaining", "0")
			.expectBody().jsonPath("$.error").isEqualTo("rate_limited");
	}

	@Test
	void principalWhenBurstUsedThen429WithRetryAfterAndHeadersOnEveryAnswer() {
		String key = key(Map.of("organizationId", "org_rl_" + System.nanoTime()));
		for (int remaining = 2; remaining >= 0; remaining--) {
			call(key, null).expectStatus().isOk()
				.expectHeader().valueEquals("RateLimit-Limit", "3")
				.expectHeader().valueEquals("RateLimit-Remaining", Integer.toString(remaining))
				.expectHeader().exists("RateLimit-Reset");
		}
		limited(call(key, null));
	}

	@Test
	void keyWhenItHasItsOwnLimitThenThatLimitApplies() {
		String key = key(Map.of("organizationId", "org_rl_" + System.nanoTime(), "rateLimit",
				Map.of("replenishRate", 1, "burstCapacity", 1)));
		call(key, null).expectStatus().isOk().expectHeader().valueEquals("RateLimit-Limit", "1");
		limited(call(key, null));
	}

	@Test
	void bucketWhenEmptyThenRefilledByRedisTimeWithinTheAnnouncedRetryAfter() throws InterruptedException {
		String key = key(Map.of("organizationId", "org_rl_" + System.nanoTime(), "rateLimit",
				Map.of("replenishRate", 1, "burstCapacity", 1)));
		EntityExchangeResult<byte[]> refused = null;
		for (int i = 0; i < 5 && refused == null; i++) { // a call or two: one token a second
			EntityExchangeResult<byte[]> result = call(key, null).expectBody().returnResult();
			refused = result.getStatus().value() == 429 ? result : null;
		}
		assertThat(refused).as("the bucket ran empty").isNotNull();
		long retryAfter = Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After"));
		assertThat(retryAfter).isEqualTo(1);
		Thread.sleep(retryAfter * 1000 + 100);
		call(key, null).expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "0");
	}

	@Test
	void organizationWhenItsKeysTogetherUseItsBucketThenTheNextIsRefused() {
		String a = key(Map.of("organizationId", "org_shared"));
		String b = key(Map.of("organizationId", "org_shared"));
		call(a, null).expectStatus().isOk();
		call(b, null).expectStatus().isOk();
		limited(call(a, null));
	}

	@Test
	void writeToolsWhenTheirBucketIsEmptyThenRefusedWhileReadsGoOn() {
		String key = key(Map.of("organizationId", "org_rl_" + System.nanoTime(), "mode", "test"));
		call(key, "create_refund").expectStatus().isOk();
		limited(call(key, "create_refund"));
		// all or nothing: the refused call took no token from the principal's bucket (3, less two calls)
		call(key, "get_balance").expectStatus().isOk().expectHeader().valueEquals("RateLimit-Remaining", "1");
	}
}
