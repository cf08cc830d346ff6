package dev.mcpedge.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.mcpedge.identity.Digests;
import dev.mcpedge.identity.Mode;

import org.jspecify.annotations.Nullable;

/**
 * Verifies API keys on the hot path of every request.
 * <p>
 * Verification is served by an in-process cache in front of Redis (see {@link KeyCache}). Every
 * change is published on Redis pub/sub, and every instance evicts the key at once, so revocation,
 * rolls and scope changes take effect everywhere within a second; when changes may have been missed
 * (a silent subscription made again, or fewer changes heard than were published: see {@link KeyEvents})
 * the cache is emptied and {@link #changesMissed()} tells whoever depends on keys. Use is
 * recorded in memory and written to Redis at most once per {@code lastUsedInterval} per instance,
 * one command for all keys (see {@link KeyUses}).
 * Call {@link #start()} to listen for changes and write use times, {@link #close()} to stop (in an
 * application context, {@link ApiKeyVerifierLifecycle} does both). Keys are issued and changed by
 * {@link ApiKeyAdministration}. A key can also live in this instance's memory only, for the warm-up
 * before readiness ({@link #admitTransient}).
 */
public final class ApiKeyVerifier implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ApiKeyVerifier.class);

	private static final Mono<KeyCheck> BAD_CHECKSUM = Mono
		.just(new KeyCheck.Rejected("API key checksum does not match (mistyped or truncated key)"));

	private static final Mono<KeyCheck> MALFORMED = Mono.just(new KeyCheck.Rejected("API key is malformed"));

	private static final KeyCheck UNKNOWN = new KeyCheck.Rejected("API key is not valid");

	private static final KeyCheck REVOKED = new KeyCheck.Rejected("API key has been revoked");

	private static final KeyCheck EXPIRED = new KeyCheck.Rejected("API key has expired");

	private static final KeyCheck ROLLED = new KeyCheck.Rejected(
			"API key was rolled and this secret's grace period has ended; use the new secret");

	private static final KeyCheck TEST_MODE_OFF = new KeyCheck.Rejected(
			"API key is a test key and test mode is off on this server");

	private static final KeyCheck UNAVAILABLE = new KeyCheck.Unavailable();

	private final ApiKeyFormat format;

	private final ApiKeyStore store;

	private final Clock clock;

	private final KeyCache cache;

	private final KeyUses uses;

	private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

	private final Sinks.Many<Boolean> changesMissed = Sinks.many().multicast().directBestEffort();

	private volatile KeyEvents events;

	/** Keys that live only in this instance's memory, by the SHA-256 of their secret. */
	private final Map<String, ApiKeyRecord> transientKeys = new ConcurrentHashMap<>();

	/** The ids of {@link #transientKeys}. */
	private final Set<String> transientIds = ConcurrentHashMap.newKeySet();

	/**
	 * @param lastUsedInterval how often this instance writes the keys' last use times to Redis
	 * @param meters where the cache counts its hits and misses
	 */
	public ApiKeyVerifier(ApiKeyFormat format, ApiKeyStore store, Clock clock, KeyCacheSettings cache,
			Duration lastUsedInterval, MeterRegistry meters) {
		this.format = format;
		this.store = store;
		this.clock = clock;
		this.cache = new KeyCache(this::load, clock, cache, meters);
		this.uses = new KeyUses(store, lastUsedInterval);
	}

	/** Starts listening for key changes from every instance and writing use times. */
	public synchronized void start() {
		if (events != null) {
			return;
		}
		events = new KeyEvents(store, this::onEvent, this::changesMayHaveBeenMissed);
		events.start();
		uses.start();
	}

	/** Stops listening and writes the last use times still in memory. */
	@Override
	public synchronized void close() {
		if (events != null) {
			events.close();
			events = null;
		}
		uses.close();
	}

	/** The key format in use. */
	public ApiKeyFormat format() {
		return format;
	}

	/** Verifies a bearer value; never errors: a failing key store gives {@link KeyCheck.Unavailable}. */
	public Mono<KeyCheck> verify(String token) {
		switch (format.shape(token)) {
			case BAD_CHECKSUM:
				return BAD_CHECKSUM;
			case MALFORMED:
				return MALFORMED;
			default:
				break;
		}
		return cache.get(Digests.sha256(token)).map(this::decide).onErrorResume(ex -> Mono.just(UNAVAILABLE));
	}

	/**
	 * Ids of keys changed on any instance (revoked, rolled, narrowed, widened...), as they are heard;
	 * an id may come more than once. Read the key again to know what changed.
	 */
	public Flux<String> changes() {
		return changes.asFlux();
	}

	/**
	 * Signals that key changes may have been missed (the change channel was silent and is heard again):
	 * any key may have changed, so whatever depends on keys should read them again.
	 */
	public Flux<Boolean> changesMissed() {
		return changesMissed.asFlux();
	}

	private void changesMayHaveBeenMissed() {
		cache.evictAll();
		changesMissed.emitNext(true, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
	}

	/** A key was changed through this instance: acts on it at once, before its event comes back. */
	void keyChanged(String id) {
		cache.evictKey(id);
		changes.emitNext(id, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
	}

	/** A key was created or imported through this instance: secrets cached as unknown may be known now. */
	void keyCreated() {
		cache.evictUnknown();
	}

	/** The later of a stored last use and this instance's use not yet written to Redis. */
	@Nullable Instant lastUsedAt(String id, @Nullable Instant stored) {
		return uses.latest(id, stored);
	}

	private void onEvent(String event) {
		if (logger.isDebugEnabled()) {
			logger.debug("Key event: " + event);
		}
		if (event.startsWith("key ")) {
			keyChanged(event.substring(4));
		}
		else if (event.equals("created")) {
			keyCreated();
		}
	}

	/**
	 * Accepts {@code secret} as the key {@code record} on this instance only, until the returned handle
	 * is disposed: never stored in Redis, never published to other instances, no use times written. For
	 * the warm-up before readiness, whose secrets never leave the process but over its own loopback
	 * connections.
	 */
	public Disposable admitTransient(String secret, ApiKeyRecord record) {
		String sha256 = Digests.sha256(secret);
		transientIds.add(record.id());
		transientKeys.put(sha256, record);
		return () -> {
			transientKeys.remove(sha256);
			transientIds.remove(record.id());
			cache.evictKey(record.id());
		};
	}

	private Mono<KeyCache.Found> load(String sha256) {
		ApiKeyRecord transientKey = transientKeys.get(sha256);
		if (transientKey != null) {
			return Mono.just(new KeyCache.Found(transientKey, null));
		}
		return store.findSecret(sha256)
			.flatMap(secret -> store.findById(secret.id()).map(record -> new KeyCache.Found(record, secret.deadline())));
	}

	private KeyCheck decide(KeyCache.Result result) {
		if (result instanceof KeyCache.Found found) {
			return decide(found);
		}
		return result instanceof KeyCache.Unknown ? UNKNOWN : UNAVAILABLE;
	}

	private KeyCheck decide(KeyCache.Found found) {
		ApiKeyRecord key = found.key();
		Instant now = clock.instant();
		if (found.secretDeadline() != null && !now.isBefore(found.secretDeadline())) {
			return ROLLED;
		}
		switch (key.statusAt(now)) {
			case REVOKED:
				return REVOKED;
			case EXPIRED:
				return EXPIRED;
			default:
				if (key.mode() == Mode.TEST && !format.testMode()) {
					// a test key stored while test mode was on must not reach the only backend, which is live
					return TEST_MODE_OFF;
				}
				if (transientIds.isEmpty() || !transientIds.contains(key.id())) {
					uses.record(key.id(), now);
				}
				return new KeyCheck.Valid(key);
		}
	}
}
