package dev.mcpedge.keys;

import java.io.IOException;
import java.net.ServerSocket;
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
import redis.embedded.RedisServer;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.autoconfigure.McpEdgeProperties;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
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

	private RedisServer redis;

	private LettuceConnectionFactory connections;

	private ApiKeys cachedKeys;

	private ApiKeys redisKeys;

	private String secret;

	@Setup
	public void keyInRedis() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		redis = new RedisServer(port);
		redis.start();
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		connections.afterPropertiesSet();
		connections.start();
		ReactiveStringRedisTemplate template = new ReactiveStringRedisTemplate(connections);
		ApiKeyFormat format = new ApiKeyFormat("mcp_live_", "mcp_test_");
		cachedKeys = new ApiKeys(format, template, new JsonMapper(), Clock.systemUTC(), settings(Duration.ofSeconds(60)),
				new CompositeMeterRegistry());
		redisKeys = new ApiKeys(format, template, new JsonMapper(), Clock.systemUTC(), settings(Duration.ZERO),
				new CompositeMeterRegistry());
		secret = cachedKeys.create(new NewApiKey("bench", "org_bench", List.of(), List.of(),
				dev.mcpedge.identity.Mode.TEST, null, null, Map.of())).block(Duration.ofSeconds(5)).secret();
		if (!(cached() instanceof KeyCheck.Valid) || !(fromRedis() instanceof KeyCheck.Valid)) {
			throw new IllegalStateException("the benchmark key must verify");
		}
	}

	private static McpEdgeProperties.ApiKeys settings(Duration ttl) {
		return new McpEdgeProperties.ApiKeys("mcp_live_", "mcp_test_",
				new McpEdgeProperties.Cache(ttl, Duration.ZERO, Duration.ZERO, 1000), Duration.ofSeconds(1));
	}

	@TearDown
	public void stop() throws IOException {
		connections.destroy();
		redis.stop();
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
