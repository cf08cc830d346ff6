package dev.mcpedge.auth;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import dev.mcpedge.ratelimit.BucketSettings;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed authentications per address, on an injected clock: no sleeping. */
class FailedAuthLimiterTests {

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}
	};

	private final FailedAuthLimiter limiter = new FailedAuthLimiter(new BucketSettings(0.5, 2), clock);

	private static MockServerWebExchange from(String address) {
		return MockServerWebExchange
			.from(MockServerHttpRequest.post("/mcp").remoteAddress(new InetSocketAddress(address, 40000)));
	}

	@Test
	void blockedForWhenAnAddressFailedMoreThanItsBurstThenBlockedUntilATokenIsBack() {
		assertThat(limiter.blockedFor(from("10.0.0.1"))).as("never failed").isZero();
		limiter.failed(from("10.0.0.1"));
		assertThat(limiter.blockedFor(from("10.0.0.1"))).isZero();
		limiter.failed(from("10.0.0.1"));
		assertThat(limiter.blockedFor(from("10.0.0.1"))).as("one token in 2 s").isEqualTo(2);
		assertThat(limiter.blockedFor(from("10.0.0.2"))).as("another address").isZero();
		now = now.plusSeconds(1);
		assertThat(limiter.blockedFor(from("10.0.0.1"))).isEqualTo(1);
		now = now.plusSeconds(1);
		assertThat(limiter.blockedFor(from("10.0.0.1"))).isZero();
	}
}
