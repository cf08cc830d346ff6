package dev.mcpedge.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.identity.Mode;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.util.Assert;

/**
 * Issues, finds, revokes and verifies API keys. Verification is served from an in-process cache
 * keyed by the secret's SHA-256; a miss asks Redis, and concurrent misses for one key share one
 * lookup. A key revoked through this instance is evicted at once.
 */
public final class ApiKeys {

	private static final Log logger = LogFactory.getLog(ApiKeys.class);

	private static final Mono<KeyCheck> BAD_CHECKSUM = Mono
		.just(new KeyCheck.Rejected("API key checksum does not match (mistyped or truncated key)"));

	private static final Mono<KeyCheck> MALFORMED = Mono.just(new KeyCheck.Rejected("API key is malformed"));

	private static final KeyCheck UNKNOWN = new KeyCheck.Rejected("API key is not valid");

	private static final KeyCheck REVOKED = new KeyCheck.Rejected("API key has been revoked");

	private static final KeyCheck EXPIRED = new KeyCheck.Rejected("API key has expired");

	private static final KeyCheck UNAVAILABLE = new KeyCheck.Unavailable();

	private static final char[] ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		.toCharArray();

	private final ApiKeyFormat format;

	private final ApiKeyStore store;

	private final Clock clock;

	private final AsyncCache<String, ApiKeyRecord> cache;

	public ApiKeys(ApiKeyFormat format, ReactiveStringRedisTemplate redis, JsonMapper json, Clock clock,
			Duration cacheTtl, long cacheMaximumSize) {
		this.format = format;
		this.store = new ApiKeyStore(redis, json);
		this.clock = clock;
		this.cache = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(cacheMaximumSize).buildAsync();
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
		String hash = sha256(token);
		return Mono.fromFuture(cache.get(hash, (h, executor) -> store.findBySecretHash(h).toFuture()), true)
			.map(this::check)
			.defaultIfEmpty(UNKNOWN)
			.onErrorResume(ex -> {
				logger.warn("Key store lookup failed: " + ex);
				return Mono.just(UNAVAILABLE);
			});
	}

	private KeyCheck check(ApiKeyRecord key) {
		switch (key.statusAt(clock.instant())) {
			case REVOKED:
				return REVOKED;
			case EXPIRED:
				return EXPIRED;
			default:
				return new KeyCheck.Valid(key);
		}
	}

	/** Issues a key; the returned secret is the only copy there will ever be. */
	public Mono<IssuedApiKey> create(NewApiKey request) {
		Assert.hasText(request.organizationId(), "organizationId is required");
		Mode mode = request.mode() != null ? request.mode() : Mode.TEST;
		String secret = format.generate(mode);
		Instant now = clock.instant();
		ApiKeyRecord record = new ApiKeyRecord(newId(), request.name() != null ? request.name() : "",
				request.organizationId(), request.organizations(), request.scopes(), mode, KeyStatus.ACTIVE,
				format.redact(secret), request.expiresAt(), null, now, request.rateLimit(), request.metadata());
		return store.insert(record, sha256(secret))
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("key id collision: " + record.id())))
			.map(stored -> new IssuedApiKey(stored.asSeenAt(now), secret));
	}

	/** The key with this id, its status as of now. */
	public Mono<ApiKeyRecord> find(String id) {
		return store.findById(id).map(r -> r.asSeenAt(clock.instant()));
	}

	/** Keys whose default organization is {@code organizationId}. */
	public Flux<ApiKeyRecord> list(String organizationId) {
		return store.findByOrganization(organizationId).map(r -> r.asSeenAt(clock.instant()));
	}

	/** Revokes the key; it is refused on this instance's next request. Empty when unknown. */
	public Mono<ApiKeyRecord> revoke(String id) {
		return store.findById(id)
			.flatMap(r -> r.status() == KeyStatus.REVOKED ? Mono.just(r) : store.update(r.withStatus(KeyStatus.REVOKED)))
			.doOnNext(r -> evict(r.id()))
			.map(r -> r.asSeenAt(clock.instant()));
	}

	/** Drops every cached entry of the key with this id. */
	public void evict(String id) {
		cache.synchronous().asMap().values().removeIf(r -> r.id().equals(id));
	}

	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		char[] id = new char[20];
		for (int i = 0; i < id.length; i++) {
			id[i] = ID_ALPHABET[random.nextInt(ID_ALPHABET.length)];
		}
		return "key_" + new String(id);
	}

	static String sha256(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}
}
