package dev.mcpedge.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.testing.LocalRedis;
import dev.mcpedge.testing.MutableClock;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RateLimitBuckets} with leases, one or two instances on one real redis-server, on a clock the
 * test moves (Redis refills by its own clock: the rates here are slow enough not to matter): how many
 * requests one script call serves, what two instances admit together, a small bucket, and unused
 * tokens given back.
 */
class RateLimitBucketsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static LocalRedis redis;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> inside;

	private final MutableClock clock = new MutableClock(Instant.now());

	private final String principal = "user-" + System.nanoTime();

	private final EdgeIdentity identity = new EdgeIdentity(AuthMethod.OAUTH, principal, null, List.of("s"), false, null);

	@BeforeAll
	static void startRedis() throws IOException {
		redis = LocalRedis.start();
		client = RedisClient.create(redis.url());
		inside = client.connect();
	}

	@AfterAll
	static void stopRedis() throws IOException {
		inside.close();
		client.shutdown();
		redis.close();
	}

	private RateLimitBuckets instance(BucketSettings bucket, double leaseFraction) {
		return new RateLimitBuckets(new ReactiveStringRedisTemplate(redis.connections()),
				new RateLimitSettings(bucket, bucket, bucket, Map.of(), leaseFraction, Duration.ofSeconds(2)), clock,
				new SimpleMeterRegistry());
	}

	private RateLimitBuckets.Decision acquire(RateLimitBuckets buckets) {
		return buckets.acquire(identity, null, false).block(TIMEOUT);
	}

	/** Script calls Redis has run since it started ({@code EVALSHA}, and {@code EVAL} when it did not know the script). */
	private static long scriptCalls() {
		String info = inside.sync().info("commandstats");
		long calls = 0;
		Matcher m = Pattern.compile("cmdstat_(?:evalsha|eval):calls=(\\d+)").matcher(info);
		while (m.find()) {
			calls += Long.parseLong(m.group(1));
		}
		return calls;
	}

	/**
	 * Script calls for {@code requests} requests through one instance, all admitted, after a first one
	 * (Redis may not know the script yet: EVALSHA, then EVAL); calls in flight settle first.
	 */
	private long scriptCallsFor(RateLimitBuckets buckets, int requests) throws InterruptedException {
		assertThat(acquire(buckets).allowed()).isTrue();
		long before = scriptCalls();
		for (int i = 0; i < requests; i++) {
			assertThat(acquire(buckets).allowed()).isTrue();
		}
		Thread.sleep(100); // a renewal of the last requests may still be on its way
		return scriptCalls() - before;
	}

	@Test
	void acquireWhenLeasesThenOneScriptCallServesManyRequestsWhereWithoutLeasesItServesOne() throws Exception {
		BucketSettings bucket = new BucketSettings(1, 100_000);

		long withoutLeases = scriptCallsFor(instance(bucket, 0), 1000);
		long withLeases = scriptCallsFor(instance(bucket, 0.1), 1000);

		assertThat(withoutLeases).as("one call per request, as before leases").isEqualTo(1000);
		assertThat(withLeases).as("1000 requests").isLessThanOrEqualTo(50);
	}

	@Test
	void acquireWhenTwoInstancesShareABucketThenTogetherTheyAdmitItsBurstWithinTheBound() {
		BucketSettings bucket = new BucketSettings(0.01, 100); // leases of up to 10
		RateLimitBuckets a = instance(bucket, 0.1);
		RateLimitBuckets b = instance(bucket, 0.1);
		int admitted = 0;
		RateLimitBuckets.Decision refusedByA = null;
		RateLimitBuckets.Decision refusedByB = null;
		for (int i = 0; i < 300 && (refusedByA == null || refusedByB == null); i++) {
			boolean throughA = i % 3 != 0;
			RateLimitBuckets.Decision decision = acquire(throughA ? a : b);
			if (decision.allowed()) {
				admitted++;
			}
			else if (throughA) {
				refusedByA = decision;
			}
			else {
				refusedByB = decision;
			}
		}
		assertThat(admitted).as("burst 100, plus at most two leases of 10").isBetween(100, 120);
		assertThat(refusedByA.retryAfterSeconds()).isPositive();
		assertThat(refusedByB.remaining()).isZero();
	}

	@Test
	void acquireWhenSmallBucketThroughTwoInstancesThenNeitherStarvedNorOverspent() throws Exception {
		BucketSettings bucket = new BucketSettings(0.01, 2);
		RateLimitBuckets a = instance(bucket, 0.1);
		RateLimitBuckets b = instance(bucket, 0.1);
		long before = scriptCalls();

		RateLimitBuckets.Decision first = acquire(a);
		RateLimitBuckets.Decision second = acquire(b);

		assertThat(first.allowed()).isTrue();
		assertThat(first.remaining()).isEqualTo(1);
		assertThat(second.allowed()).as("not starved by a lease the first instance holds").isTrue();
		assertThat(second.remaining()).isZero();
		assertThat(acquire(a).allowed()).isFalse();
		assertThat(acquire(b).allowed()).as("refused without asking Redis: it saw the bucket empty").isFalse();
		assertThat(acquire(a).allowed()).as("refused again without asking Redis").isFalse();
		assertThat(scriptCalls() - before)
			.as("one call per admitted request, and one by the instance that had not seen the bucket empty").isEqualTo(3);
	}

	@Test
	void expireIdleLeasesWhenALeaseIsUnusedThenItsTokensGoBackToTheSharedBucket() throws Exception {
		BucketSettings bucket = new BucketSettings(0.01, 1000);
		RateLimitBuckets buckets = instance(bucket, 0.1);
		for (int i = 0; i < 50; i++) {
			assertThat(acquire(buckets).allowed()).isTrue();
		}
		Thread.sleep(100); // the last renewal settles
		String key = "mcp-edge:rl:{oauth:" + principal + "}:principal:oauth:" + principal;
		double shared = Double.parseDouble(inside.sync().hget(key, "tokens"));
		assertThat(shared).as("the lease holds tokens taken ahead of need").isLessThan(950);

		clock.advance(Duration.ofSeconds(RateLimitBuckets.LEASE_IDLE_SECONDS + 1));
		buckets.expireIdleLeases();

		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (Double.parseDouble(inside.sync().hget(key, "tokens")) < 950) {
			assertThat(System.nanoTime()).as("tokens given back").isLessThan(deadline);
			Thread.sleep(20);
		}
		assertThat(Double.parseDouble(inside.sync().hget(key, "tokens"))).as("the 50 spent stay spent").isLessThan(951);
	}
}
