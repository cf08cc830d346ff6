package dev.mcpedge.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.identity.Digests;
import dev.mcpedge.identity.Mode;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.lang.Nullable;

/**
 * Issues, imports, changes, rolls, revokes and verifies API keys.
 * <p>
 * Verification is served by an in-process cache in front of Redis (see {@link KeyCache}). Every
 * change is published on Redis pub/sub, and every instance evicts the key at once, so revocation,
 * rolls and scope changes take effect everywhere within a second; a subscription that went silent is
 * made again and the cache emptied, as changes may have been missed (see {@link KeyEvents}). Use is
 * recorded in memory and written to Redis at most once per {@code last-used-interval} per instance,
 * one command for all keys.
 * Call {@link #start()} to listen for changes and write use times, {@link #close()} to stop (in an
 * application context, {@link ApiKeysLifecycle} does both).
 */
public final class ApiKeys implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

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

	private static final char[] ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private static final Pattern IMPORTED_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	private static final Duration MAX_GRACE = Duration.ofDays(30);

	private final ApiKeyFormat format;

	private final ApiKeyStore store;

	private final ApiKeyWrites writes;

	private final Clock clock;

	private final KeyCache cache;

	private final Duration lastUsedInterval;

	private final Map<String, Instant> pendingLastUsed = new ConcurrentHashMap<>();

	private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();

	private volatile KeyEvents events;

	private volatile Disposable lastUsedWriter;

	public ApiKeys(ApiKeyFormat format, ReactiveStringRedisTemplate redis, JsonMapper json, Clock clock,
			McpEdgeProperties.ApiKeys settings, MeterRegistry meters) {
		this.format = format;
		this.store = new ApiKeyStore(redis, json);
		this.writes = new ApiKeyWrites(redis, json);
		this.clock = clock;
		McpEdgeProperties.Cache cacheSettings = settings.cache();
		this.cache = new KeyCache(this::load, clock, cacheSettings.ttl(), cacheSettings.staleIfError(),
				cacheSettings.negativeTtl(), cacheSettings.maximumSize(), meters);
		this.lastUsedInterval = settings.lastUsedInterval();
	}

	/** Starts listening for key changes from every instance and writing use times. */
	public synchronized void start() {
		if (events != null) {
			return;
		}
		events = new KeyEvents(store, this::onEvent, cache::evictAll);
		events.start();
		lastUsedWriter = Flux.interval(lastUsedInterval)
			.onBackpressureDrop()
			.concatMap(tick -> writeLastUsed().onErrorResume(ex -> Mono.empty()))
			.subscribe();
	}

	/** Stops listening and writes the last use times still in memory. */
	@Override
	public synchronized void close() {
		if (events != null) {
			events.close();
			lastUsedWriter.dispose();
			events = null;
		}
		writeLastUsed().onErrorResume(ex -> Mono.empty()).block(Duration.ofSeconds(2));
	}

	private void onEvent(String event) {
		if (logger.isDebugEnabled()) {
			logger.debug("Key event: " + event);
		}
		if (event.startsWith("key ")) {
			cache.evictKey(event.substring(4));
			announce(event.substring(4));
		}
		else if (event.equals("created")) {
			cache.evictUnknown();
		}
	}

	/**
	 * Ids of keys changed on any instance (revoked, rolled, narrowed, widened...), as they are heard;
	 * an id may come more than once. Read the key again to know what changed.
	 */
	public Flux<String> changes() {
		return changes.asFlux();
	}

	private void announce(String id) {
		changes.emitNext(id, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(100)));
	}

	/** The key format in use. */
	public ApiKeyFormat format() {
		return format;
	}

	// ---- verification (hot path) ----

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

	private Mono<KeyCache.Entry> load(String sha256) {
		return Mono.defer(() -> {
			Instant now = clock.instant();
			return store.findSecret(sha256)
				.flatMap(secret -> store.findById(secret.id())
					.map(record -> new KeyCache.Entry(record, secret.deadline(), now, now)))
				.defaultIfEmpty(new KeyCache.Entry(null, null, now, now));
		});
	}

	private KeyCheck decide(KeyCache.Entry entry) {
		ApiKeyRecord key = entry.key();
		if (key == null) {
			return UNKNOWN;
		}
		Instant now = clock.instant();
		if (entry.secretDeadline() != null && !now.isBefore(entry.secretDeadline())) {
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
				pendingLastUsed.put(key.id(), now);
				return new KeyCheck.Valid(key);
		}
	}

	private Mono<Void> writeLastUsed() {
		if (pendingLastUsed.isEmpty()) {
			return Mono.empty();
		}
		Map<String, Instant> batch = new HashMap<>();
		for (String id : List.copyOf(pendingLastUsed.keySet())) {
			Instant at = pendingLastUsed.remove(id);
			if (at != null) {
				batch.put(id, at);
			}
		}
		return store.saveLastUsed(batch).doOnError(ex -> batch.forEach(pendingLastUsed::putIfAbsent));
	}

	// ---- administration ----

	/** Issues a key; the returned secret is the only copy there will ever be. */
	public Mono<IssuedApiKey> create(NewApiKey request) {
		return Mono.defer(() -> {
			KeyFields.validate(request.organizationId(), request.organizations(), request.scopes(), request.rateLimit(),
					request.metadata());
			Instant now = clock.instant();
			if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
				throw KeyRequestException.invalid("expiresAt (" + request.expiresAt() + ") must be in the future");
			}
			Mode mode = request.mode() != null ? checkMode(request.mode()) : format.testMode() ? Mode.TEST : Mode.LIVE;
			String secret = format.generate(mode);
			ApiKeyRecord record = new ApiKeyRecord(newId(), KeyFields.name(request.name()), request.organizationId(),
					request.organizations(), request.scopes(), mode, KeyStatus.ACTIVE, format.redact(secret),
					request.expiresAt(), null, now, request.rateLimit(), request.metadata());
			return writes.insert(record, Digests.sha256(secret))
				.flatMap(stored -> announceCreated().thenReturn(new IssuedApiKey(stored, secret)));
		});
	}

	/** Registers a key issued elsewhere, by value or by SHA-256. */
	public Mono<ApiKeyRecord> importKey(ImportedApiKey request) {
		return Mono.defer(() -> {
			KeyFields.validate(request.organizationId(), request.organizations(), request.scopes(), request.rateLimit(),
					request.metadata());
			if ((request.key() == null) == (request.keySha256() == null)) {
				throw KeyRequestException.invalid("exactly one of key and keySha256 is required");
			}
			if (request.id() != null && !IMPORTED_ID.matcher(request.id()).matches()) {
				throw KeyRequestException.invalid("id must be 1 to 64 letters, digits, '_' or '-'");
			}
			String sha;
			String redacted = null;
			Mode mode = request.mode() != null ? checkMode(request.mode()) : format.testMode() ? null : Mode.LIVE;
			if (request.key() != null) {
				String key = request.key();
				ApiKeyFormat.Shape shape = format.shape(key);
				if (shape == ApiKeyFormat.Shape.MALFORMED || key.length() < 16) {
					throw KeyRequestException.invalid("key must be 16 to 512 printable characters without spaces");
				}
				if (shape == ApiKeyFormat.Shape.BAD_CHECKSUM) {
					throw KeyRequestException.invalid(
							"key has the shape of an mcp-edge key but its checksum does not match, so it could never be used");
				}
				Mode byPrefix = format.modeOf(key);
				if (byPrefix != null && mode != null && byPrefix != mode) {
					throw KeyRequestException.invalid("mode (" + mode.value() + ") contradicts the key's prefix ("
							+ byPrefix.value() + ")");
				}
				mode = mode != null ? mode : byPrefix;
				sha = Digests.sha256(key);
				redacted = format.redact(key);
			}
			else {
				sha = request.keySha256().toLowerCase();
				if (!SHA256_HEX.matcher(sha).matches()) {
					throw KeyRequestException.invalid("keySha256 must be 64 hexadecimal characters");
				}
			}
			if (mode == null) {
				throw KeyRequestException.invalid("mode (test or live) is required for a key without a configured prefix");
			}
			Instant now = clock.instant();
			ApiKeyRecord record = new ApiKeyRecord(request.id() != null ? request.id() : newId(), KeyFields.name(request.name()),
					request.organizationId(), request.organizations(), request.scopes(), mode, KeyStatus.ACTIVE, redacted,
					request.expiresAt(), null, now, request.rateLimit(), request.metadata());
			return writes.insert(record, sha).flatMap(stored -> announceCreated().thenReturn(stored.asSeenAt(now)));
		});
	}

	/** The key with this id, its status and last use as of now. */
	public Mono<ApiKeyRecord> find(String id) {
		return store.findById(id).flatMap(this::withLastUse).switchIfEmpty(Mono.error(() -> KeyRequestException.notFound(id)));
	}

	/** Keys whose default organization is {@code organizationId}. */
	public Flux<ApiKeyRecord> list(String organizationId) {
		if (organizationId == null || organizationId.isBlank()) {
			return Flux.error(KeyRequestException.invalid("organizationId is required"));
		}
		return store.findByOrganization(organizationId).collectList().flatMapMany(records -> store
			.lastUsed(records.stream().map(ApiKeyRecord::id).toList())
			.flatMapIterable(used -> records.stream().map(r -> view(r, used.get(r.id()))).toList()));
	}

	/** Changes name, scopes, organizations, expiry, rate limit or metadata; every instance sees it within a second. */
	public Mono<ApiKeyRecord> update(String id, KeyUpdate update) {
		return Mono.defer(() -> {
			KeyFields.validate(update.organizations(), update.scopes(),
					update.rateLimit() != null ? update.rateLimit().orElse(null) : null, update.metadata());
			KeyFields.name(update.name());
			return changed(id, writes.update(id, record -> record.with(update)));
		});
	}

	/**
	 * Revokes the key; every instance refuses it within a second. Revoking twice is harmless, and a
	 * concurrent change neither makes it fail nor undoes it.
	 */
	public Mono<ApiKeyRecord> revoke(String id) {
		return changed(id, writes.updateUntilApplied(id, record -> record.withStatus(KeyStatus.REVOKED)));
	}

	/**
	 * Gives the key a new secret; the old one keeps working for {@code gracePeriod} (zero: stops at
	 * once), then is refused everywhere.
	 */
	public Mono<IssuedApiKey> roll(String id, Duration gracePeriod) {
		return Mono.defer(() -> {
			if (gracePeriod.isNegative() || gracePeriod.compareTo(MAX_GRACE) > 0) {
				throw KeyRequestException.invalid("gracePeriod (" + gracePeriod + ") must be between PT0S and " + MAX_GRACE);
			}
			return store.findById(id).switchIfEmpty(Mono.error(() -> KeyRequestException.notFound(id))).flatMap(current -> {
				if (current.status() == KeyStatus.REVOKED) {
					return Mono.error(KeyRequestException.conflict("key " + id + " is revoked and cannot be rolled"));
				}
				if (current.mode() == Mode.TEST && !format.testMode()) {
					return Mono.error(KeyRequestException.conflict("key " + id
							+ " is a test key and cannot be rolled while test mode is off (mcp-edge.api-keys.test-prefix is empty)"));
				}
				String secret = format.generate(current.mode());
				Instant deadline = clock.instant().plus(gracePeriod);
				return writes.roll(id, Digests.sha256(secret), deadline, gracePeriod)
					.then(changed(id, writes.updateUntilApplied(id, record -> record.withRedactedKey(format.redact(secret)))))
					.map(record -> new IssuedApiKey(record, secret));
			});
		});
	}

	/** The requested mode, refused when it is {@code test} and test mode is off. */
	private Mode checkMode(Mode mode) {
		if (mode == Mode.TEST && !format.testMode()) {
			throw KeyRequestException.invalid(
					"mode test is not available: test mode is off (mcp-edge.api-keys.test-prefix is empty); keys are live keys");
		}
		return mode;
	}

	private Mono<ApiKeyRecord> changed(String id, Mono<ApiKeyRecord> update) {
		return update.switchIfEmpty(Mono.error(() -> KeyRequestException.notFound(id))).flatMap(record -> {
			cache.evictKey(id);
			announce(id);
			return store.publishKeyChanged(id)
				.onErrorResume(ex -> {
					logger.warn("Could not announce the change of key " + id + " to other instances: " + ex);
					return Mono.empty();
				})
				.then(withLastUse(record));
		});
	}

	private Mono<Void> announceCreated() {
		cache.evictUnknown();
		return store.publishCreated().onErrorResume(ex -> Mono.empty());
	}

	private Mono<ApiKeyRecord> withLastUse(ApiKeyRecord record) {
		return store.lastUsed(List.of(record.id())).map(used -> view(record, used.get(record.id())));
	}

	private ApiKeyRecord view(ApiKeyRecord record, @Nullable Instant storedLastUse) {
		Instant local = pendingLastUsed.get(record.id());
		Instant lastUse = storedLastUse == null || (local != null && local.isAfter(storedLastUse)) ? local : storedLastUse;
		return record.withLastUsedAt(lastUse).asSeenAt(clock.instant());
	}

	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[20];
		for (int i = 0; i < id.length; i++) {
			id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
		}
		return "key_" + new String(id);
	}
}
