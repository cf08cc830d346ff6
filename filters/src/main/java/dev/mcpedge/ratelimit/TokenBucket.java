package dev.mcpedge.ratelimit;

import java.time.Clock;

/**
 * A token bucket in this instance's memory: full at first, refilled at {@code replenishRate} tokens a
 * second up to {@code burstCapacity}, by the injected clock. The same algorithm as the Redis script of
 * {@link RateLimitBuckets}, for its Redis outages and for the failed-authentication limit. Thread-safe.
 */
public final class TokenBucket {

	private final BucketSettings bucket;

	private final Clock clock;

	private double tokens;

	private double refreshedSeconds;

	public TokenBucket(BucketSettings bucket, Clock clock) {
		this.bucket = bucket;
		this.clock = clock;
		this.tokens = bucket.burstCapacity();
		this.refreshedSeconds = seconds();
	}

	/** The tokens there are now. */
	public synchronized double tokens() {
		double now = seconds();
		tokens = Math.min(bucket.burstCapacity(), tokens + Math.max(0, now - refreshedSeconds) * bucket.replenishRate());
		refreshedSeconds = now;
		return tokens;
	}

	/** Takes a token when {@code take} and one is there; returns the tokens there were before. */
	public synchronized double take(boolean take) {
		double filled = tokens();
		if (take && filled >= 1) {
			tokens -= 1;
		}
		return filled;
	}

	/** Takes a token, or what is left of one: for counting events that are never refused, such as failures. */
	public synchronized void spend() {
		tokens = Math.max(0, tokens() - 1);
	}

	/** Seconds until a bucket holding {@code tokens} holds one; 0 when it does. */
	public double secondsUntilToken(double tokens) {
		return tokens >= 1 ? 0 : (1 - tokens) / bucket.replenishRate();
	}

	/** The bucket's settings. */
	public BucketSettings settings() {
		return bucket;
	}

	private double seconds() {
		return clock.millis() / 1000.0;
	}
}
