package dev.mcpedge.keys;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.testing.LocalRedis;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * API key verification against a real redis-server on loopback: a key in the in-process cache (the
 * hot path of almost every request), and the same key with a cache that never holds it fresh, so
 * every verification is two Redis round trips (secret digest, then the record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class KeyVerificationBenchmark {

	private LocalRedis redis;

	private ApiKeyVerifier cachedKeys;

	private ApiKeyVerifier redisKeys;

	private String secret;

	@Setup
	public void keyInRedis() throws IOException {
		redis = LocalRedis.start();
		ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(redis.connections());
		ApiKeyFormat format = new ApiKeyFormat("mcp_live_", "mcp_test_");
		ApiKeyStore store = new ApiKeyStore(template, new JsonMapper());
		cachedKeys = verifier(format, store, Duration.ofSeconds(60));
		redisKeys = verifier(format, store, Duration.ZERO);
		secret = new ApiKeyAdministration(format, store, Clock.systemUTC()).create(new NewApiKey("bench", "org_bench", List.of(), List.of(),
				dev.mcpedge.identity.Mode.TEST, null, null, Map.of())).block(Duration.ofSeconds(5)).secret();
		if (!(cached() instanceof KeyCheck.Valid) || !(fromRedis() instanceof KeyCheck.Valid)) {
			throw new IllegalStateException("the benchmark key must verify");
		}
	}

	private static ApiKeyVerifier verifier(ApiKeyFormat format, ApiKeyStore store, Duration ttl) {
		return new ApiKeyVerifier(format, store, Clock.systemUTC(),
				new KeyCacheSettings(ttl, Duration.ZERO, Duration.ZERO, 1000), Duration.ofSeconds(1),
				new CompositeMeterRegistry());
	}

	@TearDown
	public void stop() throws IOException {
		redis.close();
	}

	@Benchmark
	public KeyCheck cached() {
		return cachedKeys.verify(secret).block();
	}

	@Benchmark
	public KeyCheck fromRedis() {
		return redisKeys.verify(secret).block();
	}
}
