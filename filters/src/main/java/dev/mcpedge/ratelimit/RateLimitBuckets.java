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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.lang.Nullable;
import org.springframework.util.StreamUtils;

/**
 * Token buckets per principal, per organization, and per principal for write-tool calls, kept in
 * Redis so that all instances together admit the configured rate. One Lua script call per request
 * takes a token from each of the request's buckets, or from none when one is empty; it reads Redis
 * {@code TIME}. While Redis cannot be reached, buckets of the same rates are kept in
 * this instance's memory (one warning per outage): never unlimited, never waiting on Redis.
 */
public final class RateLimitBuckets {

	private static final Log logger = LogFactory.getLog(RateLimitBuckets.class);

	/**
	 * The script's text, read once: a script made from a resource would check the resource's
	 * modification time (a jar lookup) on every request.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> SCRIPT = RedisScript.of(script("META-INF/scripts/mcp-edge-token-bucket.lua"),
			List.class);

	private final ReactiveStringRedisTemplate redis;

	private final RateLimitSettings settings;

	private final Clock clock;

	private final Cache<String, TokenBucket> local = Caffeine.newBuilder()
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

	private record Check(String name, BucketSettings bucket) {
	}

	private record Result(Check check, boolean allowed, double left, double waitSeconds) {
		long reset() {
			return (long) Math.ceil((check.bucket().burstCapacity() - left) / check.bucket().replenishRate());
		}
	}

	/** Decisions by result and store: allowed and limited, each from Redis or from memory. */
	private final Counter allowedRedis;

	private final Counter limitedRedis;

	private final Counter allowedMemory;

	private final Counter limitedMemory;

	/**
	 * Also registers {@code mcp.edge.rate.limit.fallback}, 1 while this instance limits with its own
	 * buckets because Redis cannot be reached, and counts decisions in
	 * {@code mcp.edge.rate.limit.decisions} by result ({@code allowed}, {@code limited}) and store
	 * ({@code redis}, {@code memory}).
	 */
	public RateLimitBuckets(ReactiveStringRedisTemplate redis, RateLimitSettings settings, Clock clock,
			MeterRegistry meters) {
		this.redis = redis;
		this.settings = settings;
		this.clock = clock;
		this.allowedRedis = decisions(meters, "allowed", "redis");
		this.limitedRedis = decisions(meters, "limited", "redis");
		this.allowedMemory = decisions(meters, "allowed", "memory");
		this.limitedMemory = decisions(meters, "limited", "memory");
		Gauge.builder("mcp.edge.rate.limit.fallback", redisFailing, failing -> failing.get() ? 1 : 0)
			.description("1 while rate limits use per-instance buckets because Redis cannot be reached")
			.register(meters);
	}

	/**
	 * Takes a token from every bucket that applies to this request, or from none when one of them
	 * is empty: one script call, so one Redis round trip per request.
	 *
	 * @param identity who calls
	 * @param keyLimit the key's own limit replacing the default bucket, or {@code null}
	 * @param writeCall whether the request calls a write tool
	 */
	public Mono<Decision> acquire(EdgeIdentity identity, @Nullable BucketSettings keyLimit, boolean writeCall) {
		String principal = identity.authMethod().value() + ":" + identity.principal();
		// One hash tag for all buckets of the request, so that they are in one slot of a Redis Cluster:
		// the organization's (a principal's buckets are per organization it acts for), else the principal's.
		String prefix = "mcp-edge:rl:{" + (identity.organizationId() != null ? "org:" + identity.organizationId()
				: principal) + "}:";
		List<Check> checks = new ArrayList<>(3);
		checks.add(new Check(prefix + "principal:" + principal, keyLimit != null ? keyLimit : settings.defaultBucket()));
		if (identity.organizationId() != null) {
			checks.add(new Check(prefix + "organization",
					settings.organizations().getOrDefault(identity.organizationId(), settings.organization())));
		}
		if (writeCall) {
			checks.add(new Check(prefix + "write:" + principal, settings.writeTools()));
		}
		return take(checks);
	}

	/** The decision on a request's buckets, from Redis or, when {@code local}, from this instance's memory. */
	private Decision decide(List<Result> results, boolean local) {
		List<Result> refused = results.stream().filter(r -> !r.allowed()).toList();
		Result tightest = (refused.isEmpty() ? results : refused).stream()
			.min(Comparator.comparingDouble(r -> r.left() / r.check().bucket().burstCapacity()))
			.orElseThrow();
		long retryAfter = (long) Math.ceil(refused.stream().mapToDouble(Result::waitSeconds).max().orElse(0));
		(refused.isEmpty() ? local ? allowedMemory : allowedRedis : local ? limitedMemory : limitedRedis).increment();
		return new Decision(refused.isEmpty(), tightest.check().bucket().burstCapacity(), (long) Math.floor(tightest.left()),
				tightest.reset(), Math.max(refused.isEmpty() ? 0 : 1, retryAfter));
	}

	@SuppressWarnings("unchecked")
	private Mono<Decision> take(List<Check> checks) {
		List<String> keys = new ArrayList<>(checks.size());
		List<String> args = new ArrayList<>(checks.size() * 2 + 1);
		for (Check check : checks) {
			keys.add(check.name());
			args.add(Double.toString(check.bucket().replenishRate()));
			args.add(Long.toString(check.bucket().burstCapacity()));
		}
		args.add("1");
		return redis.execute(SCRIPT, keys, args).single().map(reply -> { // no reply is an error, never a hang
			List<Object> values = (List<Object>) reply;
			redisRecovered();
			List<Result> results = new ArrayList<>(checks.size());
			for (int i = 0; i < checks.size(); i++) {
				double wait = Double.parseDouble(values.get(2 + 2 * i).toString());
				results.add(new Result(checks.get(i), wait == 0, Double.parseDouble(values.get(1 + 2 * i).toString()), wait));
			}
			return decide(results, false);
		}).onErrorResume(ex -> {
			redisFailed(ex);
			return Mono.just(decide(takeLocally(checks), true));
		});
	}

	/** The script's rule on this instance's own buckets: all or nothing (closely enough under races). */
	private List<Result> takeLocally(List<Check> checks) {
		List<TokenBucket> buckets = checks.stream()
			.map(check -> local.get(check.name(), name -> new TokenBucket(check.bucket(), clock)))
			.toList();
		boolean allowed = buckets.stream().allMatch(bucket -> bucket.tokens() >= 1);
		List<Result> results = new ArrayList<>(checks.size());
		for (int i = 0; i < checks.size(); i++) {
			TokenBucket bucket = buckets.get(i);
			double filled = bucket.take(allowed);
			double left = allowed && filled >= 1 ? filled - 1 : filled;
			results.add(new Result(checks.get(i), filled >= 1, left, bucket.secondsUntilToken(filled)));
		}
		return results;
	}

	private static Counter decisions(MeterRegistry meters, String result, String store) {
		return meters.counter("mcp.edge.rate.limit.decisions", "result", result, "store", store);
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
}
