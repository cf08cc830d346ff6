package dev.mcpedge.auth;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.mcpedge.ratelimit.BucketSettings;
import dev.mcpedge.testing.MutableClock;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** Failed authentications per address, on an injected clock: no sleeping. */
class FailedAuthLimiterTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

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
		clock.advance(Duration.ofSeconds(1));
		assertThat(limiter.blockedFor(from("10.0.0.1"))).isEqualTo(1);
		clock.advance(Duration.ofSeconds(1));
		assertThat(limiter.blockedFor(from("10.0.0.1"))).isZero();
	}
}
