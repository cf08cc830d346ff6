package dev.mcpedge.ratelimit;

import java.util.List;
import java.util.NoSuchElementException;

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

	/**
	 * The decision on a request's buckets, from Redis or, when {@code local}, from this instance's
	 * memory. One pass, no stream per request: the tightest bucket is the first with the smallest share
	 * left, among the refused ones when any is refused; the retry is the longest wait of a refused one.
	 */
	Decision decide(List<Result> results, boolean local) {
		Result tightest = null;
		double tightestShare = 0;
		boolean refused = false;
		double longestWait = 0;
		for (Result result : results) {
			boolean counts = !result.allowed() || !refused;
			if (!result.allowed() && !refused) { // the first refused one: only refused ones count from here
				refused = true;
				tightest = null;
				longestWait = result.waitSeconds();
			}
			else if (!result.allowed()) {
				longestWait = Math.max(longestWait, result.waitSeconds());
			}
			double share = result.left() / result.check().bucket().burstCapacity();
			if (counts && (tightest == null || Double.compare(share, tightestShare) < 0)) {
				tightest = result;
				tightestShare = share;
			}
		}
		if (tightest == null) {
			throw new NoSuchElementException("No value present");
		}
		long retryAfter = (long) Math.ceil(longestWait);
		(refused ? local ? limitedMemory : limitedRedis : local ? allowedMemory : allowedRedis).increment();
		return new Decision(!refused, tightest.check().bucket().burstCapacity(), (long) Math.floor(tightest.left()),
				tightest.reset(), Math.max(refused ? 1 : 0, retryAfter));
	}

	private static Counter counter(MeterRegistry meters, String result, String store) {
		return meters.counter("mcp.edge.rate.limit.decisions", "result", result, "store", store);
	}
}
