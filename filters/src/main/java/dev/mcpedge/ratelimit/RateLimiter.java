package dev.mcpedge.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties.Bucket;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.lang.Nullable;
import org.springframework.util.StreamUtils;

/**
 * Token buckets per principal, per organization, and per principal for write-tool calls, kept in
 * Redis so that all instances together admit the configured rate. One Lua script, loaded once,
 * reads Redis {@code TIME}. While Redis cannot be reached, buckets of the same rates are kept in
 * this instance's memory (one warning per outage): never unlimited, never waiting on Redis.
 */
public final class RateLimiter {

	private static final Log logger = LogFactory.getLog(RateLimiter.class);

	/**
	 * The script's text, read once: a script made from a resource would check the resource's
	 * modification time (a jar lookup) on every request.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SCRIPT = RedisScript.of(script("META-INF/scripts/mcp-edge-token-bucket.lua"),
			List.class);

	private final ReactiveStringRedisTemplate redis;

	private final McpEdgeProperties.RateLimits settings;

	private final Clock clock;

	private final Cache<String, LocalBucket> local = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private final AtomicBoolean redisFailing = new AtomicBoolean();

	/**
	 * The outcome for one request: allowed or not, and the state of the tightest bucket.
	 *
	 * @param allowed whether the request may go ahead
	 * @param limit the tightest bucket's size
	 * @param remaining tokens left in it
	 * @param resetSeconds seconds until it is full again
	 * @param retryAfterSeconds when refused, seconds until a retry can succeed
	 */
	public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
	}

	private record Check(String name, Bucket bucket) {
	}

	private record Result(Check check, boolean allowed, double left, double waitSeconds, boolean local) {
		long reset() {
			return (long) Math.ceil((check.bucket().burstCapacity() - left) / check.bucket().replenishRate());
		}
	}

	private final MeterRegistry meters;

	/**
	 * Also registers {@code mcp.edge.rate.limit.fallback}, 1 while this instance limits with its own
	 * buckets because Redis cannot be reached, and counts decisions in
	 * {@code mcp.edge.rate.limit.decisions} by result ({@code allowed}, {@code limited}) and store
	 * ({@code redis}, {@code memory}).
	 */
	public RateLimiter(ReactiveStringRedisTemplate redis, McpEdgeProperties.RateLimits settings, Clock clock,
			MeterRegistry meters) {
		this.redis = redis;
		this.settings = settings;
		this.clock = clock;
		this.meters = meters;
		Gauge.builder("mcp.edge.rate.limit.fallback", redisFailing, failing -> failing.get() ? 1 : 0)
			.description("1 while rate limits use per-instance buckets because Redis cannot be reached")
			.register(meters);
	}

	/**
	 * Takes a token from every bucket that applies to this request.
	 *
	 * @param identity who calls
	 * @param keyLimit the key's own limit replacing the default bucket, or {@code null}
	 * @param writeCall whether the request calls a write tool
	 */
	public Mono<Decision> acquire(EdgeIdentity identity, @Nullable Bucket keyLimit, boolean writeCall) {
		List<Check> checks = new ArrayList<>(3);
		String principal = identity.authMethod().value() + ":" + identity.principal();
		checks.add(new Check("principal:" + principal, keyLimit != null ? keyLimit : settings.defaultBucket()));
		if (identity.organizationId() != null) {
			checks.add(new Check("organization:" + identity.organizationId(),
					settings.organizations().getOrDefault(identity.organizationId(), settings.organization())));
		}
		if (writeCall) {
			checks.add(new Check("write:" + principal, settings.writeTools()));
		}
		return Flux.fromIterable(checks).flatMap(this::take).collectList().map(this::decide);
	}

	private Decision decide(List<Result> results) {
		List<Result> refused = results.stream().filter(r -> !r.allowed()).toList();
		Result tightest = (refused.isEmpty() ? results : refused).stream()
			.min(Comparator.comparingDouble(r -> r.left() / r.check().bucket().burstCapacity()))
			.orElseThrow();
		long retryAfter = (long) Math.ceil(refused.stream().mapToDouble(Result::waitSeconds).max().orElse(0));
		meters.counter("mcp.edge.rate.limit.decisions", "result", refused.isEmpty() ? "allowed" : "limited", "store",
				results.stream().anyMatch(Result::local) ? "memory" : "redis").increment();
		return new Decision(refused.isEmpty(), tightest.check().bucket().burstCapacity(), (long) Math.floor(tightest.left()),
				tightest.reset(), Math.max(refused.isEmpty() ? 0 : 1, retryAfter));
	}

	@SuppressWarnings("unchecked")
	private Mono<Result> take(Check check) {
		String tag = "mcp-edge:rl:{" + check.name() + "}";
		Bucket bucket = check.bucket();
		return redis.execute(SCRIPT, List.of(tag + ":tokens", tag + ":ts"),
				List.of(Double.toString(bucket.replenishRate()), Long.toString(bucket.burstCapacity()), "1"))
			.next()
			.map(reply -> {
				List<Object> values = (List<Object>) reply;
				redisRecovered();
				return new Result(check, ((Number) values.get(0)).longValue() == 1, Double.parseDouble(values.get(1).toString()),
						Double.parseDouble(values.get(2).toString()), false);
			})
			.onErrorResume(ex -> {
				redisFailed(ex);
				return Mono.just(local.get(check.name(), name -> new LocalBucket(bucket, clock)).take(check));
			});
	}

	private static String script(String location) {
		try (InputStream in = new ClassPathResource(location).getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + location, ex);
		}
	}

	private void redisFailed(Throwable ex) {
		if (redisFailing.compareAndSet(false, true)) {
			logger.warn("Rate limits fall back to per-instance buckets while Redis cannot be reached (" + ex + ")");
		}
	}

	private void redisRecovered() {
		if (redisFailing.compareAndSet(true, false)) {
			logger.info("Rate limits are shared through Redis again");
		}
	}

	/** The same algorithm as the script, in memory, for Redis outages. */
	private static final class LocalBucket {

		private final Bucket bucket;

		private final Clock clock;

		private double tokens;

		private double refreshedSeconds;

		LocalBucket(Bucket bucket, Clock clock) {
			this.bucket = bucket;
			this.clock = clock;
			this.tokens = bucket.burstCapacity();
			this.refreshedSeconds = seconds();
		}

		synchronized Result take(Check check) {
			double now = seconds();
			tokens = Math.min(bucket.burstCapacity(), tokens + Math.max(0, now - refreshedSeconds) * bucket.replenishRate());
			refreshedSeconds = now;
			if (tokens >= 1) {
				tokens -= 1;
				return new Result(check, true, tokens, 0, true);
			}
			return new Result(check, false, tokens, (1 - tokens) / bucket.replenishRate(), true);
		}

		private double seconds() {
			return clock.millis() / 1000.0;
		}
	}
}
