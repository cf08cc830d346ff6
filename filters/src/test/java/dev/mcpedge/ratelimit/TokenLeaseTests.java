package dev.mcpedge.ratelimit;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.mcpedge.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** One instance's lease on one bucket, on a clock the test moves: its size, renewal and view of the bucket. */
class TokenLeaseTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private static LeaseScript.Grant grant(long granted, double left) {
		return new LeaseScript.Grant(granted, left, 0);
	}

	@Test
	void sizeWhenDemandGrowsThenAboutOneSecondOfItUpToTheFractionOfTheBurst() {
		TokenLease lease = new TokenLease(new BucketSettings(100, 1000), 0.1, clock);
		assertThat(lease.size()).as("no demand seen yet").isEqualTo(1);
		for (int i = 0; i < 30; i++) {
			lease.answered(lease.demand("k"), grant(1, 900));
		}
		assertThat(lease.size()).as("30 requests within the second").isEqualTo(30);
		for (int i = 0; i < 200; i++) {
			lease.answered(lease.demand("k"), grant(1, 900));
		}
		assertThat(lease.size()).as("a tenth of the burst at most").isEqualTo(100);
		clock.advance(Duration.ofSeconds(5));
		lease.answered(lease.demand("k"), grant(1, 900));
		assertThat(lease.size()).as("after a quiet spell the lease shrinks").isEqualTo(1);
	}

	@Test
	void renewalWhenSmallBucketThenNeverAheadOfNeed() {
		TokenLease lease = new TokenLease(new BucketSettings(0.01, 2), 0.1, clock);
		for (int i = 0; i < 5; i++) {
			LeaseScript.Ask ask = lease.demand("k");
			assertThat(ask.want()).as("only the request's own token").isEqualTo(1);
			lease.answered(ask, grant(1, 1));
			assertThat(lease.renewal("k")).isNull();
			assertThat(lease.held()).isZero();
		}
	}

	@Test
	void renewalWhenBelowHalfThenAsksForTheDifferenceOnceAtATime() {
		TokenLease lease = new TokenLease(new BucketSettings(100, 1000), 0.1, clock);
		for (int i = 0; i < 9; i++) {
			lease.answered(lease.demand("k"), grant(1, 990));
		}
		LeaseScript.Ask demand = lease.demand("k");
		assertThat(demand.want()).as("its own token and a lease: ten requests seen this second").isEqualTo(10);
		lease.answered(demand, grant(10, 980));
		assertThat(lease.held()).isEqualTo(9);
		int spent = 0;
		LeaseScript.Ask renewal;
		while ((renewal = lease.renewal("k")) == null) {
			assertThat(lease.tryTake()).isTrue();
			spent++;
		}
		assertThat(spent).as("13 requests seen: renewed when 6 are held").isEqualTo(3);
		assertThat(renewal.need()).isZero();
		assertThat(renewal.want()).isEqualTo(7);
		assertThat(lease.renewal("k")).as("one renewal in flight").isNull();
		lease.answered(renewal, grant(7, 973));
		assertThat(lease.held()).isEqualTo(13);
		assertThat(lease.renewal("k")).as("full").isNull();
	}

	@Test
	void secondsUntilTokenWhenBucketSeenEmptyThenRefusesUntilItCanHaveRefilled() {
		TokenLease lease = new TokenLease(new BucketSettings(0.5, 10), 0.1, clock);
		assertThat(lease.secondsUntilToken()).as("never seen: ask Redis").isZero();
		lease.answered(lease.demand("k"), new LeaseScript.Grant(0, 0.25, 1.5));
		assertThat(lease.secondsUntilToken()).isEqualTo(1.5);
		assertThat(lease.remaining()).isEqualTo(0.25);
		clock.advance(Duration.ofSeconds(1));
		assertThat(lease.secondsUntilToken()).isEqualTo(0.5);
		clock.advance(Duration.ofSeconds(1));
		assertThat(lease.secondsUntilToken()).as("a token may be there: ask Redis").isZero();
	}

	@Test
	void remainingWhenTokensHeldThenHeldPlusTheSharedBucketAsSeenAtMostTheBurst() {
		TokenLease lease = new TokenLease(new BucketSettings(1, 100), 0.1, clock);
		for (int i = 0; i < 5; i++) {
			lease.answered(lease.demand("k"), grant(1, 100));
		}
		lease.answered(lease.demand("k"), grant(6, 94));
		assertThat(lease.held()).isEqualTo(5);
		assertThat(lease.remaining()).isEqualTo(99);
		clock.advance(Duration.ofSeconds(30));
		assertThat(lease.remaining()).isEqualTo(100);
		assertThat(lease.close()).as("given back").isEqualTo(5);
		assertThat(lease.tryTake()).as("a closed lease spends nothing").isFalse();
	}
}
