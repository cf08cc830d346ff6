package dev.mcpedge.ratelimit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.mcpedge.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TokenBucketTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final TokenBucket bucket = new TokenBucket(new BucketSettings(2, 3), clock);

	@Test
	void takeWhenEmptyThenNothingTakenUntilTheClockRefillsIt() {
		assertThat(bucket.take(true)).isEqualTo(3);
		assertThat(bucket.take(true)).isEqualTo(2);
		assertThat(bucket.take(true)).isEqualTo(1);
		assertThat(bucket.take(true)).isZero();
		assertThat(bucket.secondsUntilToken(bucket.tokens())).isEqualTo(0.5);
		clock.advance(Duration.ofMillis(500));
		assertThat(bucket.take(true)).isEqualTo(1);
		clock.advance(Duration.ofSeconds(60));
		assertThat(bucket.tokens()).as("never above the burst capacity").isEqualTo(3);
	}

	@Test
	void takeWhenNotAskedToThenOnlyReportsTheTokens() {
		assertThat(bucket.take(false)).isEqualTo(3);
		assertThat(bucket.tokens()).isEqualTo(3);
	}

	@Test
	void spendWhenLessThanATokenThenEmptiesTheBucketWithoutGoingBelowZero() {
		bucket.spend();
		bucket.spend();
		clock.advance(Duration.ofMillis(250));
		assertThat(bucket.tokens()).isCloseTo(1.5, within(1e-9));
		bucket.spend();
		bucket.spend();
		assertThat(bucket.tokens()).isZero();
		assertThat(bucket.secondsUntilToken(0)).isEqualTo(0.5);
	}
}
