package dev.mcpedge.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.mcpedge.identity.Mode;
import dev.mcpedge.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KeyCache} with a clock the test moves and an in-memory stand-in for Redis that can be made
 * to fail: freshness, stale-if-error during an outage, the negative cache, eviction, the size bound,
 * the metrics and the one-second recovery rule.
 */
class KeyCacheTests {

	private static final Duration TTL = Duration.ofSeconds(60);

	private static final Duration STALE_IF_ERROR = Duration.ofMinutes(5);

	private static final Duration NEGATIVE_TTL = Duration.ofSeconds(5);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final MeterRegistry meters = new SimpleMeterRegistry();

	private final Redis redis = new Redis();

	private KeyCache cache(long maximumSize) {
		return new KeyCache(redis::find, clock, new KeyCacheSettings(TTL, STALE_IF_ERROR, NEGATIVE_TTL, maximumSize), meters);
	}

	private final KeyCache cache = cache(100);

	private static ApiKeyRecord key(String id, String name) {
		return new ApiKeyRecord(id, name, "org", List.of(), List.of(), Mode.LIVE, KeyStatus.ACTIVE, "mcp_live_...abcd", null,
				null, Instant.parse("2025-01-01T00:00:00Z"), null, Map.of());
	}

	private KeyCache.Result get(KeyCache cache, String sha) {
		return cache.get(sha).block(Duration.ofSeconds(5));
	}

	private static String name(KeyCache.Result result) {
		assertThat(result).isInstanceOf(KeyCache.Found.class);
		return ((KeyCache.Found) result).key().name();
	}

	private double count(String result) {
		return meters.counter(KeyCache.METRIC, "cache", "api-keys", "result", result).count();
	}

	@Test
	void getWhenFreshThenServedFromMemoryAndCountedAsHit() {
		redis.put("s1", key("k1", "first"));
		assertThat(name(get(cache, "s1"))).isEqualTo("first");
		redis.put("s1", key("k1", "changed in Redis"));
		clock.advance(TTL.minusMillis(1));

		assertThat(name(get(cache, "s1"))).isEqualTo("first");
		assertThat(redis.lookups.get()).isEqualTo(1);
		assertThat(count("miss")).isEqualTo(1);
		assertThat(count("hit")).isEqualTo(1);
	}

	@Test
	void getWhenTtlPassedThenAsksRedisAgain() {
		redis.put("s1", key("k1", "first"));
		get(cache, "s1");
		redis.put("s1", key("k1", "changed in Redis"));
		clock.advance(TTL);

		assertThat(name(get(cache, "s1"))).isEqualTo("changed in Redis");
		assertThat(redis.lookups.get()).isEqualTo(2);
		assertThat(count("miss")).isEqualTo(2);
	}

	@Test
	void getWhenRedisFailsWithinStaleIfErrorThenServesStaleRetryingAtMostOnceASecond() {
		redis.put("s1", key("k1", "cached"));
		get(cache, "s1");
		clock.advance(TTL);
		redis.failing = true;

		assertThat(name(get(cache, "s1"))).as("stale while Redis fails").isEqualTo("cached");
		assertThat(cache.storeFailing()).isTrue();
		assertThat(redis.lookups.get()).isEqualTo(2);
		clock.advance(Duration.ofMillis(999));
		assertThat(name(get(cache, "s1"))).isEqualTo("cached");
		assertThat(redis.lookups.get()).as("no retry within a second").isEqualTo(2);
		clock.advance(Duration.ofMillis(1));
		assertThat(name(get(cache, "s1"))).isEqualTo("cached");
		assertThat(redis.lookups.get()).as("retried after a second").isEqualTo(3);

		clock.advance(STALE_IF_ERROR);
		assertThat(get(cache, "s1")).as("past freshness plus stale-if-error").isInstanceOf(KeyCache.Unavailable.class);
	}

	@Test
	void getWhenRedisFailsAndNothingCachedThenUnavailableAndNothingRemembered() {
		redis.put("s1", key("k1", "known"));
		redis.failing = true;
		assertThat(get(cache, "s1")).isInstanceOf(KeyCache.Unavailable.class);
		assertThat(get(cache, "s1")).isInstanceOf(KeyCache.Unavailable.class);

		redis.failing = false;
		assertThat(name(get(cache, "s1"))).as("the failure was not cached").isEqualTo("known");
	}

	@Test
	void getWhenUnknownThenRememberedForNegativeTtlAndNeverServedStale() {
		assertThat(get(cache, "junk")).isInstanceOf(KeyCache.Unknown.class);
		redis.put("junk", key("k1", "created since"));
		clock.advance(NEGATIVE_TTL.minusMillis(1));
		assertThat(get(cache, "junk")).isInstanceOf(KeyCache.Unknown.class);
		assertThat(redis.lookups.get()).isEqualTo(1);

		clock.advance(Duration.ofMillis(1));
		redis.failing = true;
		assertThat(get(cache, "junk")).as("an unknown secret is not vouched for during an outage")
			.isInstanceOf(KeyCache.Unavailable.class);
	}

	@Test
	void evictUnknownWhenAKeyWasCreatedThenUnknownSecretsAreAskedAgainAndKnownOnesKept() {
		redis.put("s1", key("k1", "known"));
		get(cache, "s1");
		get(cache, "s2");
		redis.put("s2", key("k2", "created"));

		cache.evictUnknown();

		assertThat(name(get(cache, "s2"))).isEqualTo("created");
		assertThat(name(get(cache, "s1"))).isEqualTo("known");
		assertThat(redis.lookups.get()).isEqualTo(3);
	}

	@Test
	void evictKeyWhenAKeyChangedThenEverySecretOfItIsAskedAgainAndOtherKeysKept() {
		redis.put("old", key("k1", "before"));
		redis.put("new", key("k1", "before"));
		redis.put("other", key("k2", "other"));
		List.of("old", "new", "other").forEach(sha -> get(cache, sha));
		redis.put("old", key("k1", "revoked"));
		redis.put("new", key("k1", "revoked"));

		cache.evictKey("k1");

		assertThat(name(get(cache, "old"))).isEqualTo("revoked");
		assertThat(name(get(cache, "new"))).isEqualTo("revoked");
		assertThat(name(get(cache, "other"))).isEqualTo("other");
		assertThat(redis.lookups.get()).isEqualTo(5);
	}

	@Test
	void getWhenMoreSecretsThanMaximumSizeThenAtMostMaximumSizeHeld() {
		KeyCache small = cache(2);
		for (int i = 0; i < 10; i++) {
			redis.put("s" + i, key("k" + i, "n" + i));
			get(small, "s" + i);
		}
		assertThat(small.size()).isLessThanOrEqualTo(2);
	}

	@Test
	void getWhenRedisAnswersAgainThenRecoveredOnlyAfterASecondWithoutFailureAndEverythingRevalidated() {
		redis.put("a", key("ka", "a"));
		redis.put("b", key("kb", "b"));
		get(cache, "a");
		get(cache, "b");
		clock.advance(TTL);
		redis.failing = true;
		assertThat(name(get(cache, "a"))).isEqualTo("a");

		redis.failing = false;
		assertThat(name(get(cache, "b"))).as("answered, but within a second of a failure").isEqualTo("b");
		assertThat(cache.storeFailing()).isTrue();
		clock.advance(Duration.ofSeconds(1));
		int before = redis.lookups.get();
		assertThat(name(get(cache, "b"))).as("fresh, from memory").isEqualTo("b");
		assertThat(redis.lookups.get()).isEqualTo(before);

		assertThat(name(get(cache, "a"))).as("retried a second after the failure: recovered").isEqualTo("a");
		assertThat(cache.storeFailing()).isFalse();
		assertThat(name(get(cache, "b"))).isEqualTo("b");
		assertThat(redis.lookups.get()).as("recovery revalidates every cached key").isEqualTo(before + 2);
	}

	/** Secret digests to records, as Redis would answer, or failing like an unreachable Redis. */
	private static final class Redis {

		final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();

		final AtomicInteger lookups = new AtomicInteger();

		volatile boolean failing;

		void put(String sha, ApiKeyRecord record) {
			keys.put(sha, record);
		}

		Mono<KeyCache.Found> find(String sha) {
			return Mono.defer(() -> {
				lookups.incrementAndGet();
				if (failing) {
					return Mono.error(new IllegalStateException("Redis unreachable"));
				}
				ApiKeyRecord record = keys.get(sha);
				return record == null ? Mono.empty() : Mono.just(new KeyCache.Found(record, null));
			});
		}
	}
}
