package dev.mcpedge.logs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedWarningTests {

	/** What a logger was given, level and text: WARN and DEBUG, the only levels a warning uses. */
	static final class RecordingLog implements Log {

		final List<String> lines = new ArrayList<>();

		boolean debug;

		@Override
		public synchronized void warn(Object message) {
			lines.add("WARN " + message);
		}

		@Override
		public synchronized void debug(Object message) {
			lines.add("DEBUG " + message);
		}

		@Override
		public boolean isDebugEnabled() {
			return debug;
		}

		synchronized long warnings() {
			return lines.stream().filter(line -> line.startsWith("WARN ")).count();
		}

		@Override
		public void warn(Object message, Throwable t) {
			throw new AssertionError("not used");
		}

		@Override
		public void debug(Object message, Throwable t) {
			throw new AssertionError("not used");
		}

		@Override
		public void error(Object message) {
			throw new AssertionError("not used");
		}

		@Override
		public void error(Object message, Throwable t) {
			throw new AssertionError("not used");
		}

		@Override
		public void fatal(Object message) {
			throw new AssertionError("not used");
		}

		@Override
		public void fatal(Object message, Throwable t) {
			throw new AssertionError("not used");
		}

		@Override
		public void info(Object message) {
			throw new AssertionError("not used");
		}

		@Override
		public void info(Object message, Throwable t) {
			throw new AssertionError("not used");
		}

		@Override
		public void trace(Object message) {
			throw new AssertionError("not used");
		}

		@Override
		public void trace(Object message, Throwable t) {
			throw new AssertionError("not used");
		}

		@Override
		public boolean isErrorEnabled() {
			return true;
		}

		@Override
		public boolean isFatalEnabled() {
			return true;
		}

		@Override
		public boolean isInfoEnabled() {
			return true;
		}

		@Override
		public boolean isTraceEnabled() {
			return false;
		}

		@Override
		public boolean isWarnEnabled() {
			return true;
		}
	}

	private final AtomicLong now = new AtomicLong(1_000);

	private final RecordingLog log = new RecordingLog();

	private final RepeatedWarning warning = new RepeatedWarning(log, Duration.ofSeconds(10), now::get);

	@Test
	void warnWhenRepeatedWithinTheIntervalThenTheFirstAtOnceAndTheNextAfterTheIntervalWithTheCount() {
		warning.warn(() -> "Backend unreachable for request [1]");
		for (int i = 2; i <= 5; i++) {
			int request = i;
			now.addAndGet(Duration.ofSeconds(2).toNanos());
			warning.warn(() -> "Backend unreachable for request [" + request + "]");
		}
		assertThat(log.lines).containsExactly("WARN Backend unreachable for request [1]");

		now.addAndGet(Duration.ofSeconds(2).toNanos()); // 10 s after the first
		warning.warn(() -> "Backend unreachable for request [6]");
		now.addAndGet(Duration.ofSeconds(1).toNanos());
		warning.warn(() -> "Backend unreachable for request [7]");

		assertThat(log.lines).containsExactly("WARN Backend unreachable for request [1]",
				"WARN Backend unreachable for request [6] (and 4 more like it since the previous such warning)");

		now.addAndGet(Duration.ofSeconds(9).toNanos()); // 10 s after the second
		warning.warn(() -> "Backend unreachable for request [8]");
		assertThat(log.lines).as("counted again from the previous warning").endsWith(
				"WARN Backend unreachable for request [8] (and 1 more like it since the previous such warning)");
	}

	@Test
	void warnWhenQuietForLongThenTheNextIsWrittenAtOnceWithoutACount() {
		warning.warn(() -> "first");
		now.addAndGet(Duration.ofHours(3).toNanos());
		warning.warn(() -> "second");
		assertThat(log.lines).containsExactly("WARN first", "WARN second");
	}

	@Test
	void warnWhenNotWrittenThenAtDebugOnlyIfEnabledAndTheMessageIsNotBuiltOtherwise() {
		warning.warn(() -> "written");
		warning.warn(() -> {
			throw new AssertionError("message built although neither written nor at DEBUG");
		});
		log.debug = true;
		warning.warn(() -> "at debug");
		assertThat(log.lines).containsExactly("WARN written", "DEBUG at debug");
	}

	@Test
	void warnWhenManyThreadsAtOnceThenOneWarningAndEveryOtherCounted() throws Exception {
		int threads = 8;
		int each = 10_000;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		for (int t = 0; t < threads; t++) {
			pool.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				for (int i = 0; i < each; i++) {
					warning.warn(() -> "down");
				}
			});
		}
		start.countDown();
		pool.shutdown();
		assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(log.warnings()).as("one per interval").isEqualTo(1);

		now.addAndGet(Duration.ofSeconds(10).toNanos());
		warning.warn(() -> "down");
		assertThat(log.lines).as("one per interval").hasSize(2).allMatch(line -> line.startsWith("WARN down"));
		// A call that loses to the one writing may be counted in that line or in the next one, but each
		// call is written or counted exactly once.
		assertThat(log.lines.stream().mapToLong(RepeatedWarningTests::callsOf).sum()).as("calls written or counted")
			.isEqualTo(threads * each + 1);
	}

	/** The calls one warning line stands for: itself and those it says were not written. */
	private static long callsOf(String line) {
		Matcher counted = Pattern.compile(" \\(and (\\d+) more like it since the previous such warning\\)$").matcher(line);
		return 1 + (counted.find() ? Long.parseLong(counted.group(1)) : 0);
	}
}
