package dev.mcpedge.ratelimit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.mcpedge.ratelimit.RateLimitBuckets.Check;
import dev.mcpedge.ratelimit.RateLimitBuckets.Decision;
import dev.mcpedge.ratelimit.RateLimitBuckets.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision on a request's buckets and the decisions counted, against the rule it implements (the
 * tightest of the refused buckets, else of all; the longest wait of a refused one) over generated
 * bucket states, ties and equal shares included.
 */
class RateLimitDecisionsTests {

	@Test
	void generatedBucketStatesThenDecisionOfTheTightestBucket() {
		MeterRegistry meters = new SimpleMeterRegistry();
		RateLimitDecisions decisions = new RateLimitDecisions(meters);
		Random random = new Random(16);
		long refusedCount = 0;
		for (int i = 0; i < 50_000; i++) {
			List<Result> results = new ArrayList<>();
			int n = 1 + random.nextInt(3);
			for (int b = 0; b < n; b++) {
				BucketSettings bucket = new BucketSettings(1 + random.nextInt(4), 1 + random.nextInt(10));
				double left = random.nextInt(4) == 0 ? random.nextInt(3) : random.nextDouble() * bucket.burstCapacity();
				double wait = random.nextInt(3) == 0 ? random.nextInt(3) + random.nextDouble() : 0;
				results.add(new Result(new Check("bucket" + b, bucket), wait == 0, left, wait));
			}
			Decision expected = expected(results);
			refusedCount += expected.allowed() ? 0 : 1;
			assertThat(decisions.decide(results, i % 2 == 0)).as("%s", results).isEqualTo(expected);
		}
		assertThat(refusedCount).isBetween(10_000L, 40_000L);
		double counted = meters.find("mcp.edge.rate.limit.decisions").counters().stream().mapToDouble(c -> c.count()).sum();
		assertThat(counted).isEqualTo(50_000);
		assertThat(meters.get("mcp.edge.rate.limit.decisions").tags("result", "limited", "store", "redis").counter().count()
				+ meters.get("mcp.edge.rate.limit.decisions").tags("result", "limited", "store", "memory").counter().count())
			.isEqualTo(refusedCount);
	}

	/** The rule, written as streams. */
	private static Decision expected(List<Result> results) {
		List<Result> refused = results.stream().filter(r -> !r.allowed()).toList();
		Result tightest = (refused.isEmpty() ? results : refused).stream()
			.min(Comparator.comparingDouble(r -> r.left() / r.check().bucket().burstCapacity()))
			.orElseThrow();
		long retryAfter = (long) Math.ceil(refused.stream().mapToDouble(Result::waitSeconds).max().orElse(0));
		return new Decision(refused.isEmpty(), tightest.check().bucket().burstCapacity(), (long) Math.floor(tightest.left()),
				tightest.reset(), Math.max(refused.isEmpty() ? 0 : 1, retryAfter));
	}
}
