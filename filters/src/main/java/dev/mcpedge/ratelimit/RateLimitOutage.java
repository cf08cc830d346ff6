package dev.mcpedge.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.lettuce.core.RedisCommandTimeoutException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.QueryTimeoutException;

/**
 * Whether the rate limits' Redis is out, as opposed to slow. An outage begins at a failure that is not
 * a timeout (no connection: Lettuce rejects commands while disconnected; an error reply), or at a
 * timeout when no rate-limit call has succeeded for {@code outage-after}; it ends at the next
 * success. So a Redis that answers late under load, some calls timing out and others not, is never an
 * outage: no fallback, no warning, no flapping. One warning when an outage begins, one info line when
 * it ends, and the gauge {@code mcp.edge.rate.limit.fallback} (1 during an outage). Thread-safe.
 */
final class RateLimitOutage {

	/** The rate limits' logger, whose warning operators and tests already look for. */
	private static final Log logger = LogFactory.getLog(RateLimitBuckets.class);

	private final Duration outageAfter;

	private final Clock clock;

	private final AtomicBoolean out = new AtomicBoolean();

	private volatile long lastSuccessMillis;

	RateLimitOutage(Duration outageAfter, Clock clock, MeterRegistry meters) {
		this.outageAfter = outageAfter;
		this.clock = clock;
		this.lastSuccessMillis = clock.millis();
		Gauge.builder("mcp.edge.rate.limit.fallback", out, failing -> failing.get() ? 1 : 0)
			.description("1 while rate limits use per-instance buckets because Redis cannot be reached")
			.register(meters);
	}

	/** Whether Redis is out: decide from this instance's own buckets, without waiting on Redis. */
	boolean active() {
		return out.get();
	}

	void succeeded() {
		lastSuccessMillis = clock.millis();
		if (out.compareAndSet(true, false)) {
			logger.info("Rate limits are shared through Redis again");
		}
	}

	/** Records a failed call; returns whether Redis is now out. */
	boolean failed(Throwable ex) {
		boolean slow = timeout(ex) && clock.millis() - lastSuccessMillis < outageAfter.toMillis();
		if (!slow && out.compareAndSet(false, true)) {
			logger.warn("Rate limits fall back to per-instance buckets while Redis cannot be reached (" + ex + ")");
		}
		return out.get();
	}

	private static boolean timeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCommandTimeoutException || cause instanceof QueryTimeoutException
					|| cause instanceof TimeoutException) {
				return true;
			}
		}
		return false;
	}
}
