package dev.mcpedge.ratelimit;

import java.time.Duration;
import java.time.Instant;

import io.lettuce.core.RedisCommandTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.testing.MutableClock;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as a Redis outage for the rate limits, on a clock the test moves. */
@ExtendWith(OutputCaptureExtension.class)
class RateLimitOutageTests {

	private static final String WARNING = "Rate limits fall back to per-instance buckets";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final RateLimitOutage outage = new RateLimitOutage(Duration.ofSeconds(2), clock, meters);

	private static QueryTimeoutException timeout() {
		return new QueryTimeoutException("Redis command timed out", new RedisCommandTimeoutException("timed out"));
	}

	@Test
	void failedWhenTimeoutsWithinOutageAfterASuccessThenNoOutageNoWarningNoFlapping(CapturedOutput output) {
		for (int i = 0; i < 20; i++) {
			clock.advance(Duration.ofMillis(500));
			assertThat(outage.failed(timeout())).isFalse();
			if (i % 3 == 0) {
				outage.succeeded();
			}
		}
		assertThat(outage.active()).isFalse();
		assertThat(meters.get("mcp.edge.rate.limit.fallback").gauge().value()).isZero();
		assertThat(output.getAll()).doesNotContain(WARNING);
	}

	@Test
	void failedWhenNoAnswerForOutageAfterThenOneWarningUntilTheNextSuccess(CapturedOutput output) {
		clock.advance(Duration.ofMillis(1900));
		assertThat(outage.failed(timeout())).isFalse();
		clock.advance(Duration.ofMillis(100));
		assertThat(outage.failed(timeout())).isTrue();
		assertThat(outage.failed(timeout())).isTrue();
		assertThat(meters.get("mcp.edge.rate.limit.fallback").gauge().value()).isEqualTo(1);
		assertThat(output.getAll().split(WARNING, -1)).as("one warning per outage").hasSize(2);

		outage.succeeded();

		assertThat(outage.active()).isFalse();
		assertThat(output.getAll()).contains("Rate limits are shared through Redis again");
	}

	@Test
	void failedWhenNoConnectionThenOutageAtOnce() {
		assertThat(outage.failed(new RedisConnectionFailureException("Unable to connect"))).isTrue();
		assertThat(outage.active()).isTrue();
	}
}
