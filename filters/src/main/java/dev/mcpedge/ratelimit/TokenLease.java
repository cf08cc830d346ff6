package dev.mcpedge.ratelimit;

import java.time.Clock;

import org.jspecify.annotations.Nullable;

/**
 * This instance's lease on one shared bucket: tokens taken from the bucket in Redis ahead of need and
 * spent here without a round trip, and what this instance last learnt of the bucket.
 * <p>
 * <b>Size.</b> A lease holds about one second of this instance's demand on the bucket (requests counted
 * per second, the current second counting as soon as it exceeds the last), at least 1 and at most
 * {@code lease-fraction} of the bucket's burst capacity. Tokens held plus tokens asked for never exceed
 * that size, so the tokens all instances hold unspent are at most n × the largest lease, which bounds
 * the overshoot of the shared rate (see {@link RateLimitBuckets}). A lease of 1 is never renewed ahead
 * of need: each request then asks Redis for its own token, exactly as a bucket without leases (small
 * buckets, or {@code lease-fraction} 0).
 * <p>
 * <b>Renewal.</b> When what it holds (plus what it asked for) falls below half its size, the lease asks
 * for the difference in the background, unless the bucket as last seen could not grant it (Redis grants
 * at most {@link LeaseScript#SHARE} of what a bucket holds to a lease, so that the last tokens go one by
 * one to requests that need them).
 * <p>
 * <b>View.</b> The shared bucket is known as of this instance's last answer from Redis, refilled since
 * at its rate by this instance's clock; spending by other instances since then is not seen. That view
 * answers {@code RateLimit-Remaining} (what the lease holds plus the shared bucket as seen, at most the
 * burst capacity) and refuses a request locally while the bucket cannot have refilled a token yet
 * (tokens given back by other instances meanwhile are missed until then). Thread-safe.
 */
final class TokenLease {

	/** The demand a full lease covers, in seconds. */
	private static final double HORIZON_SECONDS = 1;

	private final BucketSettings bucket;

	private final Clock clock;

	private final long maxSize;

	private long held;

	private long asked;

	private boolean renewing;

	private boolean closed;

	private double sharedLeft = Double.NaN;

	private double seenAt;

	private double windowStart = Double.NaN;

	private long spentInWindow;

	private double lastRate;

	/**
	 * @param bucket the bucket's rate and size
	 * @param leaseFraction the largest lease as a share of the burst capacity; at least one token
	 */
	TokenLease(BucketSettings bucket, double leaseFraction, Clock clock) {
		this.bucket = bucket;
		this.clock = clock;
		this.maxSize = Math.max(1, (long) Math.floor(bucket.burstCapacity() * leaseFraction));
	}

	/** Spends a held token for a request, if there is one (and the lease was not given back). */
	synchronized boolean tryTake() {
		if (closed || held < 1) {
			return false;
		}
		held--;
		spent();
		return true;
	}

	/** Puts back a token {@link #tryTake()} took, for a request refused by another of its buckets. */
	synchronized void refund() {
		held++;
	}

	/**
	 * Seconds until the shared bucket, as last seen, holds a token again, when this lease holds none;
	 * 0 when a request may ask Redis (or spend from the lease).
	 */
	synchronized double secondsUntilToken() {
		if (held >= 1 || Double.isNaN(sharedLeft)) {
			return 0;
		}
		double shared = sharedNow();
		return shared >= 1 ? 0 : (1 - shared) / bucket.replenishRate();
	}

	/** The request's ask when this lease has no token for it: its token, plus a lease up to the size. */
	synchronized LeaseScript.Ask demand(String key) {
		spent();
		long extra = Math.max(0, size() - 1 - held - asked);
		asked += extra;
		return new LeaseScript.Ask(key, bucket, 1 + extra, 1, 0);
	}

	/** An ask to renew ahead of need, or {@code null} when none is due or the bucket could not grant one. */
	synchronized LeaseScript.@Nullable Ask renewal(String key) {
		long size = size();
		if (closed || renewing || size < 2 || held + asked >= size / 2.0 || Double.isNaN(sharedLeft)
				|| Math.floor(sharedNow() * LeaseScript.SHARE) < 1) {
			return null;
		}
		long extra = size - held - asked;
		asked += extra;
		renewing = true;
		return new LeaseScript.Ask(key, bucket, extra, 0, 0);
	}

	/** Takes what Redis answered to {@code ask}; with {@code need} 1 and granted, one token went to the request. */
	synchronized void answered(LeaseScript.Ask ask, LeaseScript.Grant grant) {
		settled(ask);
		held += Math.max(0, grant.granted() - ask.need());
		sharedLeft = grant.left();
		seenAt = seconds();
	}

	/** Forgets {@code ask}, which got no answer. */
	synchronized void failed(LeaseScript.Ask ask) {
		settled(ask);
	}

	/** Tokens a request may still count on: held here plus the shared bucket as seen, at most the burst. */
	synchronized double remaining() {
		double shared = Double.isNaN(sharedLeft) ? bucket.burstCapacity() : sharedNow();
		return Math.min(bucket.burstCapacity(), held + shared);
	}

	/** Ends the lease (no more tokens spent from it); returns the tokens it held, to give back. */
	synchronized long close() {
		closed = true;
		long unused = held;
		held = 0;
		return unused;
	}

	/** The lease's current size: about a second of demand, within 1 and the largest lease. */
	synchronized long size() {
		double rate = Math.max(lastRate, spentInWindow);
		return Math.max(1, Math.min(maxSize, (long) Math.ceil(rate * HORIZON_SECONDS)));
	}

	/** Tokens held now (for tests and the give-back). */
	synchronized long held() {
		return held;
	}

	private void settled(LeaseScript.Ask ask) {
		asked = Math.max(0, asked - (ask.want() - ask.need()));
		if (ask.need() == 0) {
			renewing = false;
		}
	}

	/** Counts a token spent for the demand meter: requests per second, window by window. */
	private void spent() {
		double now = seconds();
		if (Double.isNaN(windowStart)) {
			windowStart = now;
		}
		double elapsed = now - windowStart;
		if (elapsed >= 1) {
			lastRate = elapsed < 2 ? spentInWindow / elapsed : 0;
			windowStart = now;
			spentInWindow = 0;
		}
		spentInWindow++;
	}

	private double sharedNow() {
		return Math.min(bucket.burstCapacity(), sharedLeft + Math.max(0, seconds() - seenAt) * bucket.replenishRate());
	}

	private double seconds() {
		return clock.millis() / 1000.0;
	}
}
