package dev.mcpedge.loadtests.burst;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** How requests ended, counted by a short reason ({@code completed}, {@code HTTP 429}, an exception's name). */
final class Outcomes {

	static final String COMPLETED = "completed";

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	void count(String outcome) {
		counts.computeIfAbsent(outcome, key -> new LongAdder()).increment();
	}

	long completed() {
		return get(COMPLETED);
	}

	long failed() {
		return counts.entrySet()
			.stream()
			.filter(entry -> !entry.getKey().equals(COMPLETED))
			.mapToLong(entry -> entry.getValue().sum())
			.sum();
	}

	long get(String outcome) {
		LongAdder count = counts.get(outcome);
		return count == null ? 0 : count.sum();
	}

	/** The failures, e.g. {@code HTTP 429: 3, PrematureCloseException: 1}, or {@code none}. */
	String failures() {
		String failures = new TreeMap<>(counts).entrySet()
			.stream()
			.filter(entry -> !entry.getKey().equals(COMPLETED))
			.map(entry -> entry.getKey() + ": " + entry.getValue().sum())
			.collect(Collectors.joining(", "));
		return failures.isEmpty() ? "none" : failures;
	}
}
