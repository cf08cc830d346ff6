package dev.mcpedge.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.dev.EmbeddedRedisServer;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.TempDirectories;
import dev.mcpedge.gateway.support.TestBackend;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyVerifier;
import dev.mcpedge.keys.KeyCheck;
import dev.mcpedge.keys.NewApiKey;
import dev.mcpedge.testing.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * redis-server stopped during traffic and started again: cached keys keep working, others get 503
 * at once, and everything works again without restarting the gateway. Rate limits meanwhile use
 * per-instance buckets at the same rates (never unlimited), said once in the log and in a metric.
 * The gauge mcp_edge_redis_up follows Redis without any traffic.
 */
@EdgeIntegrationTest(
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=outage-admin-token-0123456789",
				// three calls, then one token per 100 s: nothing depends on timing
				"mcp-edge.rate-limits.organizations.org_rl_out.burst-capacity=3",
				"mcp-edge.rate-limits.organizations.org_rl_out.replenish-rate=0.01" })
@Import(MutableClock.Config.class)
@ExtendWith(OutputCaptureExtension.class)
class RedisOutageIntegrationTests {

	private static final Path DATA = TempDirectories.create("mcp-edge-outage");

	private static final int REDIS_PORT = Ports.free();

	private static EmbeddedRedisServer redis = EmbeddedRedisServer.start(REDIS_PORT, DATA);

	@Autowired
	TestBackend backend;

	/** Far below Lettuce's default of 60 s: the configured Redis timeout (500 ms) plus room for a busy machine. */
	private static final Duration NO_HANG = Duration.ofSeconds(2);

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyAdministration apiKeys;

	@Autowired
	ApiKeyVerifier verifier;

	@Autowired
	MutableClock clock;

	@Autowired
	MeterRegistry meters;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + REDIS_PORT);
	}

	@BeforeEach
	void logWarnings() {
		backend.resetToEmptyResult();
		clock.reset();
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.mcpedge.ratelimit", LogLevel.INFO);
	}

	@AfterEach
	void resetLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.mcpedge.ratelimit", null);
	}

	@AfterAll
	static void stop() {
		redis.close();
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
	}

	private String prometheus() {
		return client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private EntityExchangeResult<byte[]> call(String key) {
		long start = System.nanoTime();
		EntityExchangeResult<byte[]> result = McpClient.of(client()).bearer(key).ping().expectBody().returnResult();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no request waits on a dead Redis").isLessThan(NO_HANG);
		return result;
	}

	/**
	 * Creates a key and looks it up until this instance serves it from its cache: a lookup that runs
	 * while the key's "created" event is on its way is not cached (the event drops lookups in flight).
	 */
	private String createdAndCached(String name, String organizationId, Mode mode) {
		String secret = apiKeys.create(new NewApiKey(name, organizationId, List.of(), List.of(), mode, null, null, Map.of()))
			.block(Duration.ofSeconds(5)).secret();
		Counter hits = meters.counter("mcp.edge.cache.gets", "cache", "api-keys", "result", "hit");
		double before = hits.count();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (hits.count() == before) {
			assertThat(verifier.verify(secret).block(Duration.ofSeconds(5))).isInstanceOf(KeyCheck.Valid.class);
			assertThat(System.nanoTime()).as("key cached").isLessThan(deadline);
		}
		return secret;
	}

	@Test
	void redisStoppedAndStartedAgainThenCachedKeysServeUncachedGet503AndAllRecovers() throws Exception {
		String cached = createdAndCached("cached", "org_out", Mode.TEST);
		String uncached = apiKeys.create(new NewApiKey("uncached", "org_out", List.of(), List.of(), Mode.LIVE, null, null, Map.of()))
			.block().secret();
		assertThat(call(cached).getStatus().value()).isEqualTo(200);

		redis.close();

		for (int i = 0; i < 10; i++) {
			assertThat(call(cached).getStatus().value()).as("cached key while Redis is down").isEqualTo(200);
		}
		EntityExchangeResult<byte[]> refused = call(uncached);
		assertThat(refused.getStatus().value()).isEqualTo(503);
		assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(new String(refused.getResponseBody())).isEqualTo("{\"error\":\"temporarily_unavailable\"}");

		clock.advance(Duration.ofMinutes(3)); // past the 60 s freshness, within the 5 min stale-if-error
		assertThat(call(cached).getStatus().value()).as("stale while Redis is down").isEqualTo(200);
		clock.advance(Duration.ofMinutes(3)); // past freshness plus stale-if-error: no longer vouched for
		assertThat(call(cached).getStatus().value()).as("bounded staleness").isEqualTo(503);

		WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
			.get().uri("/admin/keys?organizationId=org_out")
			.header("Authorization", "Bearer outage-admin-token-0123456789")
			.exchange()
			.expectStatus().isEqualTo(503)
			.expectBody().jsonPath("$.error").isEqualTo("temporarily_unavailable");

		redis = EmbeddedRedisServer.start(REDIS_PORT, DATA);

		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (call(uncached).getStatus().value() != 200) {
			assertThat(System.nanoTime()).as("recovered without a restart").isLessThan(deadline);
			Thread.sleep(100);
		}
		assertThat(call(cached).getStatus().value()).isEqualTo(200);
	}

	@Test
	void redisStoppedThenPerInstanceBucketsAtTheSameRateOneWarningAMetricAndRecovery(CapturedOutput output)
			throws Exception {
		String key = createdAndCached("rl", "org_rl_out", Mode.TEST);
		EntityExchangeResult<byte[]> shared = call(key);
		assertThat(shared.getStatus().value()).isEqualTo(200);
		assertThat(shared.getResponseHeaders().getFirst("RateLimit-Remaining")).as("the organization's bucket").isEqualTo("2");
		assertThat(prometheus()).contains("mcp_edge_rate_limit_fallback 0.0");

		redis.close();

		for (int i = 0; i < 3; i++) {
			assertThat(call(key).getStatus().value()).as("this instance's own bucket, full at first").isEqualTo(200);
		}
		for (int i = 0; i < 3; i++) {
			EntityExchangeResult<byte[]> limited = call(key);
			assertThat(limited.getStatus().value()).as("limited, not failing open").isEqualTo(429);
			assertThat(Long.parseLong(limited.getResponseHeaders().getFirst("Retry-After"))).isGreaterThan(50);
		}
		String scrape = prometheus();
		assertThat(scrape).contains("mcp_edge_rate_limit_fallback 1.0")
			.contains("mcp_edge_rate_limit_decisions_total{result=\"limited\",store=\"memory\"} 3.0");
		assertThat(output.getAll().split("Rate limits fall back to per-instance buckets", -1)).as("one warning per outage")
			.hasSize(2);

		redis = EmbeddedRedisServer.start(REDIS_PORT, DATA);

		// The shared bucket still has two tokens (or is new after the restart); this instance's is empty.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (call(key).getStatus().value() != 200) {
			assertThat(System.nanoTime()).as("shared buckets again without a restart").isLessThan(deadline);
			Thread.sleep(100);
		}
		assertThat(prometheus()).contains("mcp_edge_rate_limit_fallback 0.0");
		assertThat(output.getAll()).contains("Rate limits are shared through Redis again");
	}

	@Test
	void redisStoppedThenRequestWithASessionTheEdgeCannotCheckGets503AndNeverReachesTheBackend() throws Exception {
		String key = createdAndCached("session", "org_session_out", Mode.TEST);
		String session = "session-" + java.util.UUID.randomUUID();

		redis.close();
		try {
			backend.resetRequests();
			EntityExchangeResult<byte[]> refused = client().post().uri("/api/mcp").header("Authorization", "Bearer " + key)
				.header("Mcp-Session-Id", session)
				.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
				.exchange().expectBody().returnResult();
			assertThat(refused.getStatus().value()).as("fails closed, like the key store").isEqualTo(503);
			assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
			assertThat(backend.getAllServeEvents()).as("the backend saw nothing").isEmpty();
		}
		finally {
			redis = EmbeddedRedisServer.start(REDIS_PORT, DATA);
		}
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (client().post().uri("/api/mcp").header("Authorization", "Bearer " + key).header("Mcp-Session-Id", session)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().returnResult(Void.class).getStatus().value() != 404) {
			assertThat(System.nanoTime()).as("an unknown session is 404 again once Redis answers").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	@Test
	void redisStoppedThenTheRedisUpGaugeIsZeroWithoutTrafficAndOneAgainOnceRedisAnswers() throws Exception {
		awaitScrape("mcp_edge_redis_up 1.0", Duration.ofSeconds(5));

		redis.close();
		awaitScrape("mcp_edge_redis_up 0.0", Duration.ofSeconds(5));

		redis = EmbeddedRedisServer.start(REDIS_PORT, DATA);
		awaitScrape("mcp_edge_redis_up 1.0", Duration.ofSeconds(10));
	}

	/** Scrapes until the sample appears (the gauge is updated every two seconds). */
	private void awaitScrape(String sample, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		while (!prometheus().contains(sample)) {
			assertThat(System.nanoTime()).as("waiting for " + sample).isLessThan(deadline);
			Thread.sleep(100);
		}
	}
}
