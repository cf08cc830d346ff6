package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances on one real redis-server: a change made through A reaches B's cache within
 * a second, after B had the key cached.
 */
class MultiInstanceIntegrationTests {

	private static final String TOKEN = "multi-admin-token-0123456789";

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	private static WebTestClient clientA;

	private static WebTestClient clientB;

	@BeforeAll
	static void startTwoInstances() {
		backend.start();
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
		a = instance();
		b = instance();
		clientA = client(a);
		clientB = client(b);
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
		backend.stop();
	}

	private static ConfigurableApplicationContext instance() {
		return new SpringApplicationBuilder(McpEdgeApplication.class).run("--server.port=0",
				"--spring.data.redis.url=" + TestRedis.url(),
				"--mcp-edge.backend.url=http://127.0.0.1:" + backend.port() + "/mcp",
				"--mcp-edge.public-url=https://mcp.example.com", "--mcp-edge.admin.token=" + TOKEN);
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	private static Map<String, Object> admin(WebTestClient client, HttpMethod method, String path, Object body) {
		WebTestClient.RequestBodySpec request = client.method(method).uri(path).header("Authorization", "Bearer " + TOKEN);
		WebTestClient.RequestHeadersSpec<?> spec = body == null ? request
				: request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		return spec.exchange()
			.expectStatus().is2xxSuccessful()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
	}

	private static int status(WebTestClient client, String key) {
		return client.post().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().returnResult(Void.class).getStatus().value();
	}

	/** How long it took until {@code condition} held, polling every 20 ms for at most five seconds. */
	private static Duration timeUntil(BooleanSupplier condition) throws InterruptedException {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("still waiting").isLessThan(Duration.ofSeconds(5));
			Thread.sleep(20);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static Map<String, Object> createKeyAndWarmB(Map<String, Object> request) {
		Map<String, Object> created = admin(clientA, HttpMethod.POST, "/admin/keys", request);
		assertThat(status(clientB, (String) created.get("key"))).isEqualTo(200);
		assertThat(status(clientB, (String) created.get("key"))).as("served from B's cache").isEqualTo(200);
		return created;
	}

	@Test
	void revokeThroughAWhenBHasKeyCachedThenBRefusesItWithinOneSecond() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String key = (String) created.get("key");
		admin(clientA, HttpMethod.POST, "/admin/keys/" + created.get("id") + "/revoke", null);
		assertThat(timeUntil(() -> status(clientB, key) == 401)).isLessThan(ONE_SECOND);
	}

	@Test
	void rollThroughAWithoutGraceThenBRefusesOldSecretWithinOneSecondAndTakesTheNew() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String oldKey = (String) created.get("key");
		String newKey = (String) admin(clientA, HttpMethod.POST, "/admin/keys/" + created.get("id") + "/roll", null).get("key");
		assertThat(timeUntil(() -> status(clientB, oldKey) == 401)).isLessThan(ONE_SECOND);
		assertThat(status(clientB, newKey)).isEqualTo(200);
	}

	@Test
	void rollThroughAWithGraceThenBKeepsOldSecretUntilGraceEndsThenRefusesItWithinOneSecond() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String oldKey = (String) created.get("key");
		long rolledAt = System.nanoTime();
		admin(clientA, HttpMethod.POST, "/admin/keys/" + created.get("id") + "/roll", Map.of("gracePeriod", "PT2S"));
		assertThat(status(clientB, oldKey)).as("within the grace period").isEqualTo(200);
		timeUntil(() -> status(clientB, oldKey) == 401);
		Duration refusedAfter = Duration.ofNanos(System.nanoTime() - rolledAt);
		assertThat(refusedAfter).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
	}

	@Test
	void scopeChangeThroughAThenBForwardsTheNewScopesWithinOneSecond() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi", "scopes", List.of("payments:read")));
		String key = (String) created.get("key");
		admin(clientA, HttpMethod.PATCH, "/admin/keys/" + created.get("id"), Map.of("scopes", List.of("refunds:write")));
		assertThat(timeUntil(() -> {
			backend.resetRequests();
			status(clientB, key);
			List<LoggedRequest> seen = backend.findAll(anyRequestedFor(anyUrl()));
			return !seen.isEmpty() && "refunds:write".equals(seen.get(0).getHeader("X-MCP-Edge-Scopes"));
		})).isLessThan(ONE_SECOND);
	}

	@Test
	void useOnBThenLastUsedAtVisibleThroughA() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String path = "/admin/keys/" + created.get("id");
		assertThat(timeUntil(() -> admin(clientA, HttpMethod.GET, path, null).get("lastUsedAt") != null))
			.isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void createThroughAAfterBRefusedTheSecretAsUnknownThenBAcceptsItAtOnce() throws InterruptedException {
		String secret = "imported-on-a-" + System.nanoTime();
		assertThat(status(clientB, secret)).isEqualTo(401); // B now remembers it as unknown
		admin(clientA, HttpMethod.POST, "/admin/keys/import", Map.of("key", secret, "organizationId", "org_multi", "mode", "test"));
		assertThat(timeUntil(() -> status(clientB, secret) == 200)).isLessThan(ONE_SECOND);
	}

	@Test
	void keyEventChannelWhenInstancesIdleThenAboutOneHeartbeatASecondWhateverTheirNumber() throws InterruptedException {
		// every gateway of this test JVM listens on the one redis-server: A, B and the contexts other classes left
		long before = TestRedis.calls("publish");
		Thread.sleep(6000);
		long heartbeats = TestRedis.calls("publish") - before;
		assertThat(heartbeats).as("heartbeats in 6 s").isBetween(3L, 9L);
		assertThat(TestRedis.subscribers("mcp-edge:key-events")).isGreaterThanOrEqualTo(2);
	}
}
