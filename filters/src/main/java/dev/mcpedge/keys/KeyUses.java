package dev.mcpedge.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.jspecify.annotations.Nullable;

/**
 * When keys were last used on this instance: recorded in memory on every successful verification
 * and written to Redis at most once per {@code interval}, one command for all keys, so the hot path
 * never waits on a write. A failed write keeps the times for the next one.
 */
final class KeyUses {

	private final ApiKeyStore store;

	private final Duration interval;

	private final Map<String, Instant> pending = new ConcurrentHashMap<>();

	private Disposable writer;

	KeyUses(ApiKeyStore store, Duration interval) {
		this.store = store;
		this.interval = interval;
	}

	void record(String id, Instant at) {
		pending.put(id, at);
	}

	/** The later of a stored last use and this instance's unwritten one. */
	@Nullable Instant latest(String id, @Nullable Instant stored) {
		Instant local = pending.get(id);
		return stored == null || (local != null && local.isAfter(stored)) ? local : stored;
	}

	/** Starts writing every {@code interval}. */
	synchronized void start() {
		if (writer == null) {
			writer = Flux.interval(interval)
				.onBackpressureDrop()
				.concatMap(tick -> write().onErrorResume(ex -> Mono.empty()))
				.subscribe();
		}
	}

	/** Stops writing, then writes what is still in memory. */
	synchronized void close() {
		if (writer != null) {
			writer.dispose();
			writer = null;
		}
		write().onErrorResume(ex -> Mono.empty()).block(Duration.ofSeconds(2));
	}

	private Mono<Void> write() {
		if (pending.isEmpty()) {
			return Mono.empty();
		}
		Map<String, Instant> batch = new HashMap<>();
		for (String id : List.copyOf(pending.keySet())) {
			Instant at = pending.remove(id);
			if (at != null) {
				batch.put(id, at);
			}
		}
		return store.saveLastUsed(batch).doOnError(ex -> batch.forEach(pending::putIfAbsent));
	}
}
