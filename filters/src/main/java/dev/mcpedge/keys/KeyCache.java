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

import org.jspecify.annotations.Nullable;

/**
 * The in-process view of Redis for key verification, keyed by the secret's SHA-256.
 * <ul>
 * <li>A found key is fresh for {@code ttl}, then revalidated; changes reach it earlier through
 * {@link #evictKey} and {@link #evictUnknown}, driven by Redis pub/sub.</li>
 * <li>An unknown secret is remembered for {@code negativeTtl}, so junk costs Redis little.</li>
 * <li>When Redis cannot be reached, a found key keeps being served for {@code staleIfError} past its
 * freshness (stale-while-error), retrying Redis at most once a second per key; anything else is
 * {@link Unavailable}.</li>
 * </ul>
 * Concurrent lookups of one secret share one Redis round trip. Time comes from the injected clock.
 */
final class KeyCache {

	private static final Log logger = LogFactory.getLog(KeyCache.class);

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	/** Lookups of the edge's in-process caches, by cache and result (hit or miss). */
	static final String METRIC = "mcp.edge.cache.gets";

	/** What the cache knows of one secret; a value, never an exception. */
	sealed interface Result permits Found, Unknown, Unavailable {
	}

	/**
	 * Redis knows the secret.
	 *
	 * @param key the key's record
	 * @param secretDeadline when this secret stops working (a rolled secret's grace), or {@code null}
	 */
	record Found(ApiKeyRecord key, @Nullable Instant secretDeadline) implements Result {
	}

	/** Redis does not know the secret. */
	record Unknown() implements Result {
	}

	/** Redis could not be asked and nothing usable is cached. */
	record Unavailable() implements Result {
	}

	static final Unknown UNKNOWN = new Unknown();

	static final Unavailable UNAVAILABLE = new Unavailable();

	/**
	 * One cached lookup. A failed lookup completes with {@link Unavailable} rather than failing its
	 * future (a failed future would make the cache log a warning per request during an outage), and is
	 * dropped as soon as it is read.
	 *
	 * @param loadedAt when Redis said it
	 * @param retryAt earliest next Redis attempt while Redis is failing
	 */
	private record Entry(Result result, Instant loadedAt, Instant retryAt) {
	}

	private final AsyncCache<String, Entry> cache;

	private final Function<String, Mono<Found>> loader;

	private final Clock clock;

	private final KeyCacheSettings settings;

	private final AtomicBoolean storeFailing = new AtomicBoolean();

	private volatile Instant lastFailure = Instant.MIN;

	private final Counter hits;

	private final Counter misses;

	/**
	 * Counts lookups in {@code mcp.edge.cache.gets{cache=api-keys}}: hits answered from memory, misses
	 * asked Redis.
	 *
	 * @param loader finds the key of a secret digest in Redis: empty when unknown, an error when Redis fails
	 */
	KeyCache(Function<String, Mono<Found>> loader, Clock clock, KeyCacheSettings settings, MeterRegistry meters) {
		this.hits = meters.counter(METRIC, "cache", "api-keys", "result", "hit");
		this.misses = meters.counter(METRIC, "cache", "api-keys", "result", "miss");
		this.loader = loader;
		this.clock = clock;
		this.settings = settings;
		this.cache = Caffeine.newBuilder()
			.expireAfterWrite(settings.ttl().plus(settings.staleIfError()).plus(RETRY_INTERVAL))
			.maximumSize(settings.maximumSize())
			.buildAsync();
	}

	/** What to decide on; {@link Unavailable} only when Redis fails and nothing usable is cached. */
	Mono<Result> get(String sha256) {
		CompletableFuture<Entry> current = cache.getIfPresent(sha256);
		if (current == null) {
			misses.increment();
			return settled(sha256, cache.get(sha256, (key, executor) -> load(key, null)));
		}
		return Mono.fromFuture(current, true).flatMap(entry -> {
			if (entry.result() instanceof Unavailable) {
				cache.asMap().remove(sha256, current);
				return Mono.just(UNAVAILABLE);
			}
			Instant now = clock.instant();
			if (now.isBefore(freshUntil(entry)) || entry.result() instanceof Found && now.isBefore(entry.retryAt())
					&& now.isBefore(staleUntil(entry))) {
				hits.increment();
				return Mono.just(entry.result());
			}
			misses.increment();
			CompletableFuture<Entry> next = load(sha256, entry);
			CompletableFuture<Entry> winner = cache.asMap().replace(sha256, current, next) ? next
					: cache.asMap().getOrDefault(sha256, next);
			return settled(sha256, winner);
		});
	}

	/** The future's result; a failed lookup is dropped from the cache once read. */
	private Mono<Result> settled(String sha256, CompletableFuture<Entry> future) {
		return Mono.fromFuture(future, true).map(entry -> {
			if (entry.result() instanceof Unavailable) {
				cache.asMap().remove(sha256, future);
			}
			return entry.result();
		});
	}

	private CompletableFuture<Entry> load(String sha256, @Nullable Entry stale) {
		return Mono.defer(() -> {
			Instant now = clock.instant();
			return loader.apply(sha256)
				.<Result>map(found -> found)
				.defaultIfEmpty(UNKNOWN)
				.map(result -> new Entry(result, now, now));
		}).doOnNext(entry -> storeRecovered()).onErrorResume(ex -> {
			storeFailed(ex);
			Instant now = clock.instant();
			if (stale != null && stale.result() instanceof Found && now.isBefore(staleUntil(stale))) {
				return Mono.just(new Entry(stale.result(), stale.loadedAt(), now.plus(RETRY_INTERVAL)));
			}
			return Mono.just(new Entry(UNAVAILABLE, now, now));
		}).toFuture();
	}

	private Instant freshUntil(Entry entry) {
		return entry.loadedAt().plus(entry.result() instanceof Found ? settings.ttl() : settings.negativeTtl());
	}

	private Instant staleUntil(Entry entry) {
		return entry.loadedAt().plus(settings.ttl()).plus(settings.staleIfError());
	}

	/** Drops every entry of the key with this id, and every lookup in flight, so none is cached stale. */
	void evictKey(String id) {
		cache.asMap().entrySet().removeIf(e -> {
			CompletableFuture<Entry> future = e.getValue();
			return !future.isDone() || future.join().result() instanceof Found found && found.key().id().equals(id);
		});
	}

	/** Forgets the secrets remembered as unknown: a key was just created or imported. */
	void evictUnknown() {
		cache.asMap().entrySet().removeIf(e -> {
			CompletableFuture<Entry> future = e.getValue();
			return !future.isDone() || future.join().result() instanceof Unknown;
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

	/** How many secrets are held, after pending evictions (for tests of the size bound). */
	long size() {
		cache.synchronous().cleanUp();
		return cache.synchronous().estimatedSize();
	}

	private void storeFailed(Throwable ex) {
		lastFailure = clock.instant();
		if (storeFailing.compareAndSet(false, true)) {
			logger.warn("Key store (Redis) unreachable: serving keys validated in the last "
					+ settings.ttl().plus(settings.staleIfError())
					+ " from memory, refusing others with 503 until it answers again (" + ex + ")");
		}
	}

	/**
	 * Redis answered: recovered once no lookup has failed for {@link #RETRY_INTERVAL}. While part of a
	 * Redis Cluster is down, lookups of keys in its other slots succeed between failures; that is no
	 * recovery, and evicting everything on each would drop the keys served from memory meanwhile.
	 */
	private void storeRecovered() {
		if (storeFailing.get() && !clock.instant().isBefore(lastFailure.plus(RETRY_INTERVAL))
				&& storeFailing.compareAndSet(true, false)) {
			logger.info("Key store (Redis) reachable again: revalidating cached keys");
			evictAll();
		}
	}
}
