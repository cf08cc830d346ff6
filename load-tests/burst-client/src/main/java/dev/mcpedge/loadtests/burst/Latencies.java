package dev.mcpedge.loadtests.burst;

import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Durations recorded from any thread, summarised as percentiles in milliseconds. */
final class Latencies {

	private final ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();

	void record(long durationNanos) {
		nanos.add(durationNanos);
	}

	int count() {
		return nanos.size();
	}

	/**
	 * {@code <name>_p50_ms=.. <name>_p99_ms=.. <name>_max_ms=..} (nearest rank, one decimal), or
	 * {@code -1} for each when nothing was recorded.
	 */
	String summary(String name) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		return String.format(Locale.ROOT, "%1$s_p50_ms=%2$.1f %1$s_p99_ms=%3$.1f %1$s_max_ms=%4$.1f", name,
				percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100));
	}

	private static double percentile(long[] sorted, double rank) {
		if (sorted.length == 0) {
			return -1;
		}
		int index = (int) Math.ceil(rank / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
	}
}
