package dev.mcpedge.ratelimit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TokenBucketTests {

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private final Clock clock = new Clock() {
		@Override
		public Instant instant() {
			return now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}
	};

	private final TokenBucket bucket = new TokenBucket(new BucketSettings(2, 3), clock);

	@Test
	void takeWhenEmptyThenNothingTakenUntilTheClockRefillsIt() {
		assertThat(bucket.take(true)).isEqualTo(3);
		assertThat(bucket.take(true)).isEqualTo(2);
		assertThat(bucket.take(true)).isEqualTo(1);
		assertThat(bucket.take(true)).isZero();
		assertThat(bucket.secondsUntilToken(bucket.tokens())).isEqualTo(0.5);
		now = now.plusMillis(500);
		assertThat(bucket.take(true)).isEqualTo(1);
		now = now.plusSeconds(60);
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
		now = now.plusMillis(250);
		assertThat(bucket.tokens()).isCloseTo(1.5, within(1e-9));
		bucket.spend();
		bucket.spend();
		assertThat(bucket.tokens()).isZero();
		assertThat(bucket.secondsUntilToken(0)).isEqualTo(0.5);
	}
}
