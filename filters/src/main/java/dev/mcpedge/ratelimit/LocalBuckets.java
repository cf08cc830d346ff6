package dev.mcpedge.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.mcpedge.ratelimit.RateLimitBuckets.Check;
import dev.mcpedge.ratelimit.RateLimitBuckets.Result;

/**
 * This instance's own buckets, of the same rates as the shared ones, for the requests decided without
 * Redis (an outage, a call that timed out): the shared script's rule, all of a request's buckets or
 * none, closely enough under races. A bucket unused for ten minutes is forgotten (it is full again by
 * then).
 */
final class LocalBuckets {

	private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	private final Clock clock;

	LocalBuckets(Clock clock) {
		this.clock = clock;
	}

	/** Takes a token from each of the request's buckets, or from none when one of them is empty. */
	List<Result> take(List<Check> checks) {
		List<TokenBucket> held = checks.stream()
			.map(check -> buckets.get(check.name(), name -> new TokenBucket(check.bucket(), clock)))
			.toList();
		boolean allowed = held.stream().allMatch(bucket -> bucket.tokens() >= 1);
		List<Result> results = new ArrayList<>(checks.size());
		for (int i = 0; i < checks.size(); i++) {
			TokenBucket bucket = held.get(i);
			double filled = bucket.take(allowed);
			double left = allowed && filled >= 1 ? filled - 1 : filled;
			results.add(new Result(checks.get(i), filled >= 1, left, bucket.secondsUntilToken(filled)));
		}
		return results;
	}
}
