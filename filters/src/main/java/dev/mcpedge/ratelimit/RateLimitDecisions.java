package dev.mcpedge.ratelimit;

import java.util.Comparator;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import dev.mcpedge.ratelimit.RateLimitBuckets.Decision;
import dev.mcpedge.ratelimit.RateLimitBuckets.Result;

/**
 * Turns the state of a request's buckets into its decision (refused when one bucket is; the headers
 * from the tightest bucket) and counts decisions in {@code mcp.edge.rate.limit.decisions} by result
 * ({@code allowed}, {@code limited}) and store ({@code redis}: the shared buckets, through leases;
 * {@code memory}: this instance's own buckets).
 */
final class RateLimitDecisions {

	private final Counter allowedRedis;

	private final Counter limitedRedis;

	private final Counter allowedMemory;

	private final Counter limitedMemory;

	RateLimitDecisions(MeterRegistry meters) {
		this.allowedRedis = counter(meters, "allowed", "redis");
		this.limitedRedis = counter(meters, "limited", "redis");
		this.allowedMemory = counter(meters, "allowed", "memory");
		this.limitedMemory = counter(meters, "limited", "memory");
	}

	/** The decision on a request's buckets, from Redis or, when {@code local}, from this instance's memory. */
	Decision decide(List<Result> results, boolean local) {
		List<Result> refused = results.stream().filter(r -> !r.allowed()).toList();
		Result tightest = (refused.isEmpty() ? results : refused).stream()
			.min(Comparator.comparingDouble(r -> r.left() / r.check().bucket().burstCapacity()))
			.orElseThrow();
		long retryAfter = (long) Math.ceil(refused.stream().mapToDouble(Result::waitSeconds).max().orElse(0));
		(refused.isEmpty() ? local ? allowedMemory : allowedRedis : local ? limitedMemory : limitedRedis).increment();
		return new Decision(refused.isEmpty(), tightest.check().bucket().burstCapacity(), (long) Math.floor(tightest.left()),
				tightest.reset(), Math.max(refused.isEmpty() ? 0 : 1, retryAfter));
	}

	private static Counter counter(MeterRegistry meters, String result, String store) {
		return meters.counter("mcp.edge.rate.limit.decisions", "result", result, "store", store);
	}
}
