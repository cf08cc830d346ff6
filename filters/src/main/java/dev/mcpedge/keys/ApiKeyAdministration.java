package dev.mcpedge.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.mcpedge.identity.Digests;
import dev.mcpedge.identity.Mode;

import org.jspecify.annotations.Nullable;

/**
 * Issues, imports, reads, changes, rolls and revokes API keys, with the validation of every field;
 * what the admin API, the command line and the development defaults call.
 * <p>
 * Every change is published on Redis pub/sub, so every running instance evicts the key within a
 * second. Built with the instance's {@link ApiKeyVerifier}, it also tells that verifier at once, and
 * reads show the last use this instance has not written to Redis yet; built without one (the
 * command line), it works on Redis alone.
 */
public final class ApiKeyAdministration {

	private static final Log logger = LogFactory.getLog(ApiKeyAdministration.class);

	private static final char[] ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private static final Pattern IMPORTED_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

	private static final Duration MAX_GRACE = Duration.ofDays(30);

	private final ApiKeyFormat format;

	private final ApiKeyStore store;

	private final ApiKeyWrites writes;

	private final Clock clock;

	private final @Nullable ApiKeyVerifier verifier;

	/** Administration on Redis alone, for a process that verifies no keys (the command line). */
	public ApiKeyAdministration(ApiKeyFormat format, ApiKeyStore store, Clock clock) {
		this(format, store, clock, null);
	}

	/** Administration on an instance that verifies keys with {@code verifier} (on the same store). */
	public ApiKeyAdministration(ApiKeyVerifier verifier, ApiKeyStore store, Clock clock) {
		this(verifier.format(), store, clock, verifier);
	}

	private ApiKeyAdministration(ApiKeyFormat format, ApiKeyStore store, Clock clock, @Nullable ApiKeyVerifier verifier) {
		this.format = format;
		this.store = store;
		this.writes = new ApiKeyWrites(store);
		this.clock = clock;
		this.verifier = verifier;
	}

	/** The key format in use. */
	public ApiKeyFormat format() {
		return format;
	}

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

	/** Tells this instance at once and the others through Redis, then reads the changed key as of now. */
	private Mono<ApiKeyRecord> changed(String id, Mono<ApiKeyRecord> update) {
		return update.switchIfEmpty(Mono.error(() -> KeyRequestException.notFound(id))).flatMap(record -> {
			if (verifier != null) {
				verifier.keyChanged(id);
			}
			return store.publishKeyChanged(id)
				.onErrorResume(ex -> {
					logger.warn("Could not announce the change of key " + id + " to other instances: " + ex);
					return Mono.empty();
				})
				.then(withLastUse(record));
		});
	}

	private Mono<Void> announceCreated() {
		if (verifier != null) {
			verifier.keyCreated();
		}
		return store.publishCreated().onErrorResume(ex -> Mono.empty());
	}

	private Mono<ApiKeyRecord> withLastUse(ApiKeyRecord record) {
		return store.lastUsed(List.of(record.id())).map(used -> view(record, used.get(record.id())));
	}

	private ApiKeyRecord view(ApiKeyRecord record, @Nullable Instant storedLastUse) {
		Instant lastUse = verifier != null ? verifier.lastUsedAt(record.id(), storedLastUse) : storedLastUse;
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
