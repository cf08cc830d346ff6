package dev.mcpedge.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A clock that a test moves forward, so expiry, refill and cooldowns are tested without sleeping.
 * {@link #MutableClock(Instant)} stands still at its start until moved (unit tests);
 * {@link #MutableClock()} is the system clock plus the offset the test set (a running gateway, whose
 * timeouts must still pass). The one copy for every test of both modules: the gateway's tests get it
 * from this module's test jar.
 */
public final class MutableClock extends Clock {

	private final Clock base;

	private volatile Duration offset = Duration.ZERO;

	/** The system clock, moved by {@link #advance(Duration)}. */
	public MutableClock() {
		this(Clock.systemUTC());
	}

	/** A clock that stays at {@code start} until {@link #advance(Duration)} moves it. */
	public MutableClock(Instant start) {
		this(Clock.fixed(start, ZoneOffset.UTC));
	}

	private MutableClock(Clock base) {
		this.base = base;
	}

	public void advance(Duration by) {
		offset = offset.plus(by);
	}

	public void reset() {
		offset = Duration.ZERO;
	}

	@Override
	public Instant instant() {
		return base.instant().plus(offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	/** Makes a gateway under test use a system-based {@link MutableClock}. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {
		@Bean
		MutableClock mutableClock() {
			return new MutableClock();
		}
	}
}
