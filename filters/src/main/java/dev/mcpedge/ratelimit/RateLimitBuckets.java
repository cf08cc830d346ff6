package dev.mcpedge.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Token buckets per principal, per organization, and per principal for write-tool calls, shared by all
 * instances through Redis, without a Redis round trip per request.
 * <p>
 * <b>Leases.</b> Each instance spends from {@link TokenLease}s: tokens taken from the shared buckets
 * in Redis ahead of need by one Lua script call ({@link LeaseScript}, reading Redis {@code TIME}), a
 * lease of about one second of the instance's demand, at most {@code lease-fraction} of the bucket's
 * burst capacity, renewed in the background when it falls below half. A request whose buckets all have
 * a leased token never waits on Redis. A request waits for one script call when a bucket's lease is
 * empty: the first request of a bucket on an instance (which also learns the bucket's state), and a
 * demand that outgrew its lease. A request is refused here without Redis while a bucket, as last seen,
 * cannot hold a token yet (so a client hammering an empty bucket costs Redis nothing). Leases were
 * chosen over periodic synchronisation (Kong's {@code sync_rate}) because the shared bucket stays the
 * only authority: an instance never admits a token the shared bucket did not grant, only earlier.
 * <p>
 * <b>Bound.</b> All instances together admit the configured rate: over any interval of T seconds, at
 * most {@code burst + rate × T + n × L} requests for a bucket with n instances, where L is the largest
 * lease ({@code max(1, floor(burst × lease-fraction))}; the tokens held unspent when the interval
 * begins). A lease of 1 is never taken ahead of need, so a small bucket (below {@code 2 / lease-fraction}
 * tokens, e.g. burst 2) is exact (one script call per admitted request, as without leases) and never
 * starved by tokens another instance holds. Redis grants a lease at most half of what a bucket holds,
 * so leases shrink as a bucket empties and its last tokens go one at a time to requests that need them.
 * Unused tokens are given back when a lease has not been used for {@value #LEASE_IDLE_SECONDS} seconds.
 * <p>
 * <b>Headers.</b> {@code RateLimit-Remaining} is this instance's view: the tokens its lease holds plus
 * the shared bucket as of its last answer from Redis, refilled since at the bucket's rate; other
 * instances' spending since that answer is not subtracted, so with several instances it can be too high
 * by what they spent meanwhile (exact with one instance and for small buckets).
 * <p>
 * <b>Outage.</b> While Redis is out ({@link RateLimitOutage}: no connection, or no successful answer
 * for {@code outage-after}), buckets of the same rates are kept in this instance's memory: never
 * unlimited, never waiting on Redis, one warning per outage; one probe call at a time looks for Redis
 * to come back. A slow Redis is not an outage: a renewal that times out while leased tokens remain
 * changes nothing, and a request whose lease is empty and whose call times out is decided from memory
 * for that request only.
 */
public final class RateLimitBuckets {

	private static final Log logger = LogFactory.getLog(RateLimitBuckets.class);

	/** Seconds after its last use when a lease gives its unused tokens back. */
	static final long LEASE_IDLE_SECONDS = 2;

	private final LeaseScript script;

	private final RateLimitSettings settings;

	private final Clock clock;

	private final RateLimitOutage outage;

	private final AtomicBoolean probing = new AtomicBoolean();

	private final LocalBuckets local;

	private final Cache<Check, TokenLease> leases;

	/**
	 * The outcome for one request: allowed or not, and the state of the tightest bucket.
	 *
	 * @param allowed whether the request may go ahead
	 * @param limit the tightest bucket's size
	 * @param remaining tokens left in it
	 * @param resetSeconds seconds until it is full again
	 * @param retryAfterSeconds when refused, seconds until a retry can succeed
	 */
	public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
	}

	/** A bucket of a request: its Redis key and settings (a key's changed limit is a new lease). */
	record Check(String name, BucketSettings bucket) {
	}

	/** A bucket's state after a request: allowed or not, tokens left, seconds until a token. */
	record Result(Check check, boolean allowed, double left, double waitSeconds) {
		long reset() {
			return (long) Math.ceil((check.bucket().burstCapacity() - left) / check.bucket().replenishRate());
		}
	}

	private final RateLimitDecisions decisions;

	/**
	 * Also registers {@code mcp.edge.rate.limit.fallback}, 1 while this instance limits with its own
	 * buckets because Redis cannot be reached, and counts decisions in
	 * {@code mcp.edge.rate.limit.decisions} by result ({@code allowed}, {@code limited}) and store
	 * ({@code redis}: the shared buckets, through leases; {@code memory}: this instance's own buckets).
	 */
	public RateLimitBuckets(ReactiveStringRedisTemplate redis, RateLimitSettings settings, Clock clock,
			MeterRegistry meters) {
		this.script = new LeaseScript(redis);
		this.settings = settings;
		this.clock = clock;
		this.outage = new RateLimitOutage(settings.outageAfter(), clock, meters);
		this.leases = Caffeine.newBuilder()
			.expireAfterAccess(Duration.ofSeconds(LEASE_IDLE_SECONDS))
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.scheduler(Scheduler.systemScheduler())
			.executor(Runnable::run)
			.maximumSize(100_000)
			.<Check, TokenLease>removalListener((check, lease, cause) -> giveBack(check, lease))
			.build();
		this.local = new LocalBuckets(clock);
		this.decisions = new RateLimitDecisions(meters);
	}

	/**
	 * Takes a token from every bucket that applies to this request, or from none when one of them
	 * is empty: from this instance's leases when they hold one, else with one script call.
	 *
	 * @param identity who calls
	 * @param keyLimit the key's own limit replacing the default bucket, or {@code null}
	 * @param writeCall whether the request calls a write tool
	 */
	public Mono<Decision> acquire(EdgeIdentity identity, @Nullable BucketSettings keyLimit, boolean writeCall) {
		String principal = identity.authMethod().value() + ":" + identity.principal();
		// One hash tag for all buckets of the request, so that they are in one slot of a Redis Cluster:
		// the organization's (a principal's buckets are per organization it acts for), else the principal's.
		String prefix = "mcp-edge:rl:{" + (identity.organizationId() != null ? "org:" + identity.organizationId()
				: principal) + "}:";
		List<Check> checks = new ArrayList<>(3);
		checks.add(new Check(prefix + "principal:" + principal, keyLimit != null ? keyLimit : settings.defaultBucket()));
		if (identity.organizationId() != null) {
			checks.add(new Check(prefix + "organization",
					settings.organizations().getOrDefault(identity.organizationId(), settings.organization())));
		}
		if (writeCall) {
			checks.add(new Check(prefix + "write:" + principal, settings.writeTools()));
		}
		if (outage.active()) {
			probe(checks);
			return Mono.just(decisions.decide(local.take(checks), true));
		}
		return take(checks);
	}

	/** Gives back the unused tokens of leases idle for {@value #LEASE_IDLE_SECONDS} s now (tests). */
	void expireIdleLeases() {
		leases.cleanUp();
	}

	private Mono<Decision> take(List<Check> checks) {
		int n = checks.size();
		List<TokenLease> held = new ArrayList<>(n);
		boolean[] taken = new boolean[n];
		boolean all = true;
		for (int i = 0; i < n; i++) {
			held.add(leases.get(checks.get(i), check -> new TokenLease(check.bucket(), settings.leaseFraction(), clock)));
			taken[i] = held.get(i).tryTake();
			all &= taken[i];
		}
		double[] waits = new double[n];
		if (all) {
			renew(checks, held);
			return Mono.just(decisions.decide(results(checks, held, waits), false));
		}
		boolean known = false;
		for (int i = 0; i < n; i++) {
			waits[i] = taken[i] ? 0 : held.get(i).secondsUntilToken();
			known |= waits[i] > 0;
		}
		if (known) { // a bucket cannot hold a token yet: refused without asking Redis
			refund(held, taken);
			return Mono.just(decisions.decide(results(checks, held, waits), false));
		}
		List<LeaseScript.Ask> asks = new ArrayList<>(n);
		List<Integer> asked = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			String name = checks.get(i).name();
			LeaseScript.Ask ask = taken[i] ? held.get(i).renewal(name) : held.get(i).demand(name);
			if (ask != null) {
				asks.add(ask);
				asked.add(i);
			}
		}
		return script.call(asks).map(answer -> {
			outage.succeeded();
			for (int j = 0; j < asks.size(); j++) {
				int i = asked.get(j);
				held.get(i).answered(asks.get(j), answer.grants().get(j));
				waits[i] = answer.grants().get(j).waitSeconds();
			}
			if (!answer.allowed()) {
				refund(held, taken);
			}
			return decisions.decide(results(checks, held, waits), false);
		}).onErrorResume(ex -> {
			for (int j = 0; j < asks.size(); j++) {
				held.get(asked.get(j)).failed(asks.get(j));
			}
			refund(held, taken);
			outage.failed(ex);
			return Mono.just(decisions.decide(local.take(checks), true));
		});
	}

	/** Renews, in the background, the leases of a request that fell below half their size. */
	private void renew(List<Check> checks, List<TokenLease> held) {
		List<LeaseScript.Ask> asks = new ArrayList<>(checks.size());
		List<TokenLease> renewed = new ArrayList<>(checks.size());
		for (int i = 0; i < checks.size(); i++) {
			LeaseScript.Ask ask = held.get(i).renewal(checks.get(i).name());
			if (ask != null) {
				asks.add(ask);
				renewed.add(held.get(i));
			}
		}
		if (asks.isEmpty()) {
			return;
		}
		script.call(asks).subscribe(answer -> {
			outage.succeeded();
			for (int j = 0; j < asks.size(); j++) {
				renewed.get(j).answered(asks.get(j), answer.grants().get(j));
			}
		}, ex -> {
			for (int j = 0; j < asks.size(); j++) {
				renewed.get(j).failed(asks.get(j));
			}
			outage.failed(ex);
		});
	}

	/** During an outage: one call at a time, in the background, to find out whether Redis answers again. */
	private void probe(List<Check> checks) {
		if (probing.compareAndSet(false, true)) {
			List<LeaseScript.Ask> asks = checks.stream().map(check -> new LeaseScript.Ask(check.name(), check.bucket(), 0, 0, 0))
				.toList();
			script.call(asks).doFinally(signal -> probing.set(false)).subscribe(answer -> outage.succeeded(), outage::failed);
		}
	}

	/**
	 * Gives a lease's unused tokens back to the shared bucket when it expires. Best effort: if that
	 * fails (also after shutdown) the tokens are lost, never spent, and no outage is declared.
	 */
	private void giveBack(@Nullable Check check, @Nullable TokenLease lease) {
		long unused = lease != null ? lease.close() : 0;
		if (check != null && unused > 0 && !outage.active()) {
			script.call(List.of(new LeaseScript.Ask(check.name(), check.bucket(), 0, 0, unused)))
				.subscribe(answer -> { }, ex -> logger.debug("Unused rate-limit tokens not given back: " + ex));
		}
	}

	private static void refund(List<TokenLease> held, boolean[] taken) {
		for (int i = 0; i < taken.length; i++) {
			if (taken[i]) {
				held.get(i).refund();
			}
		}
	}

	/** Each bucket's state as this instance sees it; refused where {@code waits} is above 0. */
	private static List<Result> results(List<Check> checks, List<TokenLease> held, double[] waits) {
		List<Result> results = new ArrayList<>(checks.size());
		for (int i = 0; i < checks.size(); i++) {
			results.add(new Result(checks.get(i), waits[i] == 0, held.get(i).remaining(), waits[i]));
		}
		return results;
	}

}
