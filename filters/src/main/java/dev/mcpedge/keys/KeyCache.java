package dev.mcpedge.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.lang.Nullable;

/**
 * The in-process view of Redis for key verification, keyed by the secret's SHA-256.
 * <ul>
 * <li>A found key is fresh for {@code ttl}, then revalidated; changes reach it earlier through
 * {@link #evictKey} and {@link #evictUnknown}, driven by Redis pub/sub.</li>
 * <li>An unknown secret is remembered for {@code negativeTtl}, so junk costs Redis little.</li>
 * <li>When Redis cannot be reached, a found key keeps being served for {@code staleIfError} past its
 * freshness (stale-while-error), retrying Redis at most once a second per key; anything else fails.</li>
 * </ul>
 * Concurrent lookups of one secret share one Redis round trip.
 */
final class KeyCache {

	private static final Log logger = LogFactory.getLog(KeyCache.class);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	/** Lookups of the edge's in-process caches, by cache and result (hit or miss). */
	static final String METRIC = "mcp.edge.cache.gets";

	/**
	 * What Redis said of one secret.
	 *
	 * @param key the record, or {@code null} when the secret is unknown
	 * @param secretDeadline when this secret stops working (a rolled secret's grace), or {@code null}
	 * @param loadedAt when Redis said it
	 * @param retryAt earliest next Redis attempt while Redis is failing
	 */
	record Entry(@Nullable ApiKeyRecord key, @Nullable Instant secretDeadline, Instant loadedAt, Instant retryAt) {
	}

	/**
	 * What a failed lookup completes with: the cache must not see a failed future, or it would log a
	 * warning per request during an outage. Never handed out; turned into an error and dropped.
	 */
	private static final Entry FAILED = new Entry(null, null, Instant.MIN, Instant.MIN);

	private static final Exception UNAVAILABLE = new IllegalStateException("key store unavailable") {
		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}
	};

	private final AsyncCache<String, Entry> cache;

	private final Function<String, Mono<Entry>> loader;

	private final Clock clock;

	private final Duration ttl;

	private final Duration staleIfError;

	private final Duration negativeTtl;

	private final AtomicBoolean storeFailing = new AtomicBoolean();

	private volatile long lastFailureNanos;

	private final Counter hits;

	private final Counter misses;

	/** Counts lookups in {@code mcp.edge.cache.gets{cache=api-keys}}: hits answered from memory, misses asked Redis. */
	KeyCache(Function<String, Mono<Entry>> loader, Clock clock, Duration ttl, Duration staleIfError,
			Duration negativeTtl, long maximumSize, MeterRegistry meters) {
		this.hits = meters.counter(METRIC, "cache", "api-keys", "result", "hit");
		this.misses = meters.counter(METRIC, "cache", "api-keys", "result", "miss");
		this.loader = loader;
		this.clock = clock;
		this.ttl = ttl;
		this.staleIfError = staleIfError;
		this.negativeTtl = negativeTtl;
		this.cache = Caffeine.newBuilder()
			.expireAfterWrite(ttl.plus(staleIfError).plus(RETRY_INTERVAL))
			.maximumSize(maximumSize)
			.buildAsync();
	}

	/** The entry to decide on; errors only when Redis fails and nothing usable is cached. */
	Mono<Entry> get(String sha256) {
		CompletableFuture<Entry> current = cache.getIfPresent(sha256);
		if (current == null) {
			misses.increment();
			return settled(sha256, cache.get(sha256, (key, executor) -> load(key, null)));
		}
		return settled(sha256, current).flatMap(entry -> {
			Instant now = clock.instant();
			if (now.isBefore(freshUntil(entry))
					|| entry.key() != null && now.isBefore(entry.retryAt()) && now.isBefore(staleUntil(entry))) {
				hits.increment();
				return Mono.just(entry);
			}
			misses.increment();
			CompletableFuture<Entry> next = load(sha256, entry);
			CompletableFuture<Entry> winner = cache.asMap().replace(sha256, current, next) ? next
					: cache.asMap().getOrDefault(sha256, next);
			return settled(sha256, winner);
		});
	}

	/** The future's entry, or an error (and the future dropped) when its lookup failed. */
	private Mono<Entry> settled(String sha256, CompletableFuture<Entry> future) {
		return Mono.fromFuture(future, true).flatMap(entry -> {
			if (entry == FAILED) {
				cache.asMap().remove(sha256, future);
				return Mono.error(UNAVAILABLE);
			}
			return Mono.just(entry);
		});
	}

	private CompletableFuture<Entry> load(String sha256, @Nullable Entry stale) {
		return loader.apply(sha256).doOnNext(entry -> storeRecovered()).onErrorResume(ex -> {
			storeFailed(ex);
			Instant now = clock.instant();
			if (stale != null && stale.key() != null && now.isBefore(staleUntil(stale))) {
				return Mono.just(new Entry(stale.key(), stale.secretDeadline(), stale.loadedAt(), now.plus(RETRY_INTERVAL)));
			}
			return Mono.just(FAILED);
		}).toFuture();
	}

	private Instant freshUntil(Entry entry) {
		return entry.loadedAt().plus(entry.key() == null ? negativeTtl : ttl);
	}

	private Instant staleUntil(Entry entry) {
		return entry.loadedAt().plus(ttl).plus(staleIfError);
	}

	/** Drops every entry of the key with this id, and every lookup in flight, so none is cached stale. */
	void evictKey(String id) {
		cache.asMap().entrySet().removeIf(e -> {
			CompletableFuture<Entry> future = e.getValue();
			if (!future.isDone()) {
				return true;
			}
			Entry entry = future.getNow(FAILED);
			return entry.key() != null && entry.key().id().equals(id);
		});
	}

	/** Forgets the secrets remembered as unknown: a key was just created or imported. */
	void evictUnknown() {
		cache.asMap().entrySet().removeIf(e -> {
			CompletableFuture<Entry> future = e.getValue();
			return !future.isDone() || future.getNow(FAILED).key() == null;
		});
	}

	/** Drops everything, e.g. after Redis came back and events may have been missed. */
	void evictAll() {
		cache.synchronous().invalidateAll();
	}

	/** Whether the last Redis lookup failed. */
	boolean storeFailing() {
		return storeFailing.get();
	}

	private void storeFailed(Throwable ex) {
		lastFailureNanos = System.nanoTime();
		if (storeFailing.compareAndSet(false, true)) {
			logger.warn("Key store (Redis) unreachable: serving keys validated in the last " + ttl.plus(staleIfError)
					+ " from memory, refusing others with 503 until it answers again (" + ex + ")");
		}
	}

	/**
	 * Redis answered: recovered once no lookup has failed for {@link #RETRY_INTERVAL}. While part of a
	 * Redis Cluster is down, lookups of keys in its other slots succeed between failures; that is no
	 * recovery, and evicting everything on each would drop the keys served from memory meanwhile.
	 */
	private void storeRecovered() {
		if (storeFailing.get() && System.nanoTime() - lastFailureNanos >= RETRY_INTERVAL.toNanos()
				&& storeFailing.compareAndSet(true, false)) {
			logger.info("Key store (Redis) reachable again: revalidating cached keys");
			evictAll();
		}
	}
}
