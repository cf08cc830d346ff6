package dev.mcpedge.logs;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;

/**
 * A warning that every request can set off while something it needs is down (the backend, the key
 * store, an issuer's keys): the first is written at once, and then at most one per interval, saying
 * how many like it were not written since the one before. Those not written go to DEBUG. An outage
 * met by thousands of requests a second thus writes one line every ten seconds, not thousands, and
 * the requests refused are still counted one by one in the request metrics and the audit records.
 * <p>
 * One instance per kind of trouble; thread-safe, without locks. Every call is written or counted
 * exactly once; one made while another is being written may be counted in that line or the next.
 */
public final class RepeatedWarning {

	/** The interval of the edge's warnings. */
	public static final Duration INTERVAL = Duration.ofSeconds(10);

	private final Log log;

	private final long intervalNanos;

	private final LongSupplier nanoTime;

	/** The {@link System#nanoTime()} from which the next warning may be written. */
	private final AtomicLong nextAt;

	private final AtomicLong unwritten = new AtomicLong();

	/** A warning on {@code log}, at most one per {@link #INTERVAL}. */
	public RepeatedWarning(Log log) {
		this(log, INTERVAL, System::nanoTime);
	}

	RepeatedWarning(Log log, Duration interval, LongSupplier nanoTime) {
		this.log = log;
		this.intervalNanos = interval.toNanos();
		this.nanoTime = nanoTime;
		this.nextAt = new AtomicLong(nanoTime.getAsLong());
	}

	/** Writes the warning {@code message} gives, unless one was written less than an interval ago. */
	public void warn(Supplier<String> message) {
		long now = nanoTime.getAsLong();
		long next = nextAt.get();
		if (now - next >= 0 && nextAt.compareAndSet(next, now + intervalNanos)) {
			long skipped = unwritten.getAndSet(0);
			log.warn(skipped == 0 ? message.get()
					: message.get() + " (and " + skipped + " more like it since the previous such warning)");
			return;
		}
		unwritten.incrementAndGet();
		if (log.isDebugEnabled()) {
			log.debug(message.get());
		}
	}
}
