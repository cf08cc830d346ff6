package dev.mcpedge.gateway;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token buckets in Redis: a burst then 429 with Retry-After and RateLimit headers, a key's own limit,
 * an organization's limit shared by its keys, and the write-tool bucket apart from reads. Rates are
 * slow (one token per 20 s) so no outcome depends on timing.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=ratelimit-admin-token-012345",
				"mcp-edge.rate-limits.default.replenish-rate=0.05", "mcp-edge.rate-limits.default.burst-capacity=3",
				"mcp-edge.rate-limits.write-tools.replenish-rate=0.05", "mcp-edge.rate-limits.write-tools.burst-capacity=1",
				"mcp-edge.rate-limits.organizations.org_shared.replenish-rate=0.05",
				"mcp-edge.rate-limits.organizations.org_shared.burst-capacity=2",
				"mcp-edge.policy.read-tools=get_*", "mcp-edge.policy.write-tools=create_*" })
class RateLimitIntegrationTests {

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	static {
		backend.start();
		backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
	}

	@LocalServerPort
	int port;

	private WebTestClient client;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + backend.port() + "/mcp");
	}

	@AfterAll
	static void stop() {
		backend.stop();
	}

	@BeforeEach
	void client() {
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	private String key(Map<String, Object> request) {
		return (String) client.post().uri("/admin/keys").header("Authorization", "Bearer ratelimit-admin-token-012345")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(request)
			.exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key");
	}

	private WebTestClient.ResponseSpec call(String key, String tool) {
		String body = tool == null ? "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"
				: "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":{}}}";
		return client.post().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
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
