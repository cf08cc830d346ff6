package dev.mcpedge.gateway.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The system clock moved by an offset that tests set, so expiry needs no sleeping. */
public final class MutableClock extends Clock {

	private volatile Duration offset = Duration.ZERO;

	public void advance(Duration by) {
		offset = offset.plus(by);
	}

	public void reset() {
		offset = Duration.ZERO;
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(offset);
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

	/** Makes the gateway use a {@link MutableClock}. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {
		@Bean
		MutableClock mutableClock() {
			return new MutableClock();
		}
	}
}
