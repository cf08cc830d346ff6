package dev.mcpedge.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.dev.EmbeddedRedisServer;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.TempDirectories;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits spent from leases, through two gateway instances on their own redis-server: together
 * they admit a shared bucket's burst within the stated bound (burst plus a lease of a tenth of it per
 * instance) with far fewer script calls than requests; a small bucket is neither starved nor
 * overspent; a Redis asleep for 0.7 s (longer than the 500 ms command timeout, shorter than the
 * 2 s outage threshold) is not an outage; a large bucket takes a script call per tens of requests; a killed Redis is one, with exactly one warning, and the
 * shared buckets are used again once Redis is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitLeaseIntegrationTests {

	private static final String TOKEN = "lease-rl-admin-token-0123456789";

	private static final String FALLBACK_WARNING = "Rate limits fall back to per-instance buckets";

	private static final int REDIS_PORT = Ports.free();

	/** Kept across a restart of redis-server, so that the keys are still there. */
	private static final Path DATA = TempDirectories.create("mcp-edge-lease");

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static EmbeddedRedisServer redis;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> inside;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		redis = EmbeddedRedisServer.start(REDIS_PORT, DATA);
		client = RedisClient.create(redis.url());
		inside = client.connect();
		gateways.set("spring.data.redis.url", redis.url())
			// a bucket of 100 shared by its two keys, a small one of 2, and one large enough never to limit
			.set("mcp-edge.rate-limits.organizations.org_lease.burst-capacity", "100")
			.set("mcp-edge.rate-limits.organizations.org_lease.replenish-rate", "0.05")
			.set("mcp-edge.rate-limits.organizations.org_small.burst-capacity", "2")
			.set("mcp-edge.rate-limits.organizations.org_small.replenish-rate", "0.01")
			.set("mcp-edge.rate-limits.default.burst-capacity", "100000")
			.set("mcp-edge.rate-limits.default.replenish-rate", "1000")
			.set("mcp-edge.rate-limits.organization.burst-capacity", "100000")
			.set("mcp-edge.rate-limits.organization.replenish-rate", "1000");
		a = gateways.start();
		b = gateways.start();
	}

	@AfterAll
	static void stop() {
		gateways.close();
		inside.close();
		client.shutdown();
		redis.close();
	}

	private static EntityExchangeResult<byte[]> ping(ConfigurableApplicationContext instance, String key) {
		return GatewayInstances.mcp(instance).bearer(key).ping().expectBody().returnResult();
	}

	private static String prometheus(ConfigurableApplicationContext instance) {
		return GatewayInstances.client(instance).get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	/** Script calls Redis has run since it started ({@code EVALSHA}, and {@code EVAL} when it did not know the script). */
	private static long scriptCalls() {
		Matcher m = Pattern.compile("cmdstat_(?:evalsha|eval):calls=(\\d+)").matcher(inside.sync().info("commandstats"));
		long calls = 0;
		while (m.find()) {
			calls += Long.parseLong(m.group(1));
		}
		return calls;
	}

	@Test
	void organizationBucketThroughTwoInstancesThenItsBurstWithinTheBoundThen429WithRetryAfter() {
		String one = gateways.admin(a).key(Map.of("organizationId", "org_lease"));
		String two = gateways.admin(a).key(Map.of("organizationId", "org_lease"));
		long callsBefore = scriptCalls();
		int admitted = 0;
		EntityExchangeResult<byte[]> refusedByA = null;
		EntityExchangeResult<byte[]> refusedByB = null;
		for (int i = 0; i < 400 && (refusedByA == null || refusedByB == null); i++) {
			boolean throughA = i % 3 != 0;
			EntityExchangeResult<byte[]> result = ping(throughA ? a : b, i % 2 == 0 ? one : two);
			if (result.getStatus().value() == 200) {
				admitted++;
			}
			else if (throughA) {
				refusedByA = result;
			}
			else {
				refusedByB = result;
			}
		}
		long calls = scriptCalls() - callsBefore;
		assertThat(admitted).as("burst 100, plus at most a lease of 10 per instance").isBetween(100, 120);
		for (EntityExchangeResult<byte[]> refused : new EntityExchangeResult[] { refusedByA, refusedByB }) {
			assertThat(refused.getStatus().value()).isEqualTo(429);
			assertThat(Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 20L);
			assertThat(refused.getResponseHeaders().getFirst("RateLimit-Limit")).isEqualTo("100");
			assertThat(refused.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
			assertThat(new String(refused.getResponseBody())).contains("\"error\":\"rate_limited\"");
		}
		// a small bucket (leases of up to 10, shrinking as it empties) and four leases still growing: about
		// two requests per call here, against one call per request without leases
		assertThat(calls).as("script calls for " + admitted + " admitted requests").isLessThan(admitted * 3 / 4);
	}

	@Test
	void smallBucketThroughTwoInstancesThenNeitherStarvedNorOverspent() {
		String key = gateways.admin(a).key(Map.of("organizationId", "org_small"));
		EntityExchangeResult<byte[]> first = ping(a, key);
		EntityExchangeResult<byte[]> second = ping(b, key);
		assertThat(first.getStatus().value()).isEqualTo(200);
		assertThat(first.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("1");
		assertThat(second.getStatus().value()).as("not starved by the first instance").isEqualTo(200);
		assertThat(second.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("0");
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { a, b, a, b }) {
			EntityExchangeResult<byte[]> refused = ping(instance, key);
			assertThat(refused.getStatus().value()).as("never more than the burst").isEqualTo(429);
			assertThat(Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 100L);
		}
	}

	@Test
	void redisAsleepLongerThanTheCommandTimeoutThenRequestsAnsweredFromLeasesWithoutFallbackOrWarning(
			CapturedOutput output) throws Exception {
		String key = gateways.admin(a).key(Map.of("organizationId", "org_slow_" + System.nanoTime()));
		long callsBefore = scriptCalls();
		for (int i = 0; i < 500; i++) { // leases of a few hundred tokens: about a second of demand
			assertThat(ping(a, key).getStatus().value()).isEqualTo(200);
		}
		assertThat(scriptCalls() - callsBefore).as("script calls for 500 requests on large buckets").isLessThan(50);
		String before = prometheus(a);

		StatefulRedisConnection<String, String> second = client.connect();
		RedisFuture<String> asleep = second.async().dispatch(CommandType.DEBUG, new StatusOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).add("SLEEP").add("0.7"));
		for (int i = 0; i < 20; i++) {
			EntityExchangeResult<byte[]> result = ping(a, key);
			assertThat(result.getStatus().value()).isEqualTo(200);
			assertThat(result.getResponseHeaders().getFirst("RateLimit-Limit")).isEqualTo("100000");
		}
		assertThat(asleep.isDone()).as("all answered while Redis slept").isFalse();
		assertThat(asleep.get(5, TimeUnit.SECONDS)).isEqualTo("OK");
		second.close();
		for (int i = 0; i < 20; i++) {
			assertThat(ping(a, key).getStatus().value()).isEqualTo(200);
		}

		String after = prometheus(a);
		assertThat(after).contains("mcp_edge_rate_limit_fallback 0.0");
		assertThat(memoryDecisions(after)).as("no decision from per-instance buckets").isEqualTo(memoryDecisions(before));
		assertThat(output.getAll()).doesNotContain(FALLBACK_WARNING);
	}

	@Test
	void redisStoppedThenPerInstanceBucketsWithExactlyOneWarningAndSharedAgainOnceBack(CapturedOutput output)
			throws Exception {
		String key = gateways.admin(a).key(Map.of("organizationId", "org_stopped_" + System.nanoTime()));
		cached(a, key);

		redis.close();
		try {
			for (int i = 0; i < 50; i++) {
				EntityExchangeResult<byte[]> result = ping(a, key);
				assertThat(result.getStatus().value()).as("the key is cached; limited by this instance's buckets")
					.isEqualTo(200);
			}
			assertThat(prometheus(a)).contains("mcp_edge_rate_limit_fallback 1.0");
			assertThat(output.getAll().split(FALLBACK_WARNING, -1)).as("exactly one warning").hasSize(2);
		}
		finally {
			redis = EmbeddedRedisServer.start(REDIS_PORT, DATA);
		}

		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (!prometheus(a).contains("mcp_edge_rate_limit_fallback 0.0")) {
			assertThat(ping(a, key).getStatus().value()).isEqualTo(200);
			assertThat(System.nanoTime()).as("shared buckets again without a restart").isLessThan(deadline);
			Thread.sleep(50);
		}
		assertThat(output.getAll()).contains("Rate limits are shared through Redis again");
		assertThat(output.getAll().split(FALLBACK_WARNING, -1)).as("still one warning").hasSize(2);
	}

	/** Pings until the instance answers from its key cache (a lookup racing the key's "created" event is not cached). */
	private static void cached(ConfigurableApplicationContext instance, String key) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		double hits = cacheHits(prometheus(instance));
		do {
			assertThat(ping(instance, key).getStatus().value()).isEqualTo(200);
			assertThat(System.nanoTime()).as("key cached").isLessThan(deadline);
		}
		while (cacheHits(prometheus(instance)) == hits);
	}

	private static double cacheHits(String scrape) {
		return sample(scrape, "mcp_edge_cache_gets_total{cache=\"api-keys\",result=\"hit\"}");
	}

	private static double memoryDecisions(String scrape) {
		return sample(scrape, "mcp_edge_rate_limit_decisions_total{result=\"allowed\",store=\"memory\"}");
	}

	/** A sample's value in a Prometheus scrape, 0 when absent. */
	private static double sample(String scrape, String series) {
		Matcher m = Pattern.compile(Pattern.quote(series) + " (\\S+)").matcher(scrape);
		return m.find() ? Double.parseDouble(m.group(1)) : 0;
	}
}
