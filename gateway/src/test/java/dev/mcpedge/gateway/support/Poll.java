package dev.mcpedge.gateway.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for something another thread or instance does, by polling with a deadline instead of sleeping. */
public final class Poll {

	private static final Duration INTERVAL = Duration.ofMillis(20);

	private Poll() {
	}

	/**
	 * How long it took until {@code condition} held, checking every 20 ms; fails the test once
	 * {@code limit} has passed.
	 */
	public static Duration timeUntil(Duration limit, BooleanSupplier condition) throws InterruptedException {
		long start = System.nanoTime();
		while (!condition.getAsBoolean()) {
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("still waiting").isLessThan(limit);
			Thread.sleep(INTERVAL.toMillis());
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}
}
