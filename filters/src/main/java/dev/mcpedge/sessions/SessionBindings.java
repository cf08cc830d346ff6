package dev.mcpedge.sessions;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import dev.mcpedge.identity.Digests;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Which owner opened each session, in Redis so that every instance knows it.
 * <p>
 * One key per session, {@code mcp-edge:session:<sha256 of the id>} (the id itself is never stored),
 * written once with {@code SET NX} and read with {@code GETEX}, which refreshes its TTL in the same
 * command; single-key commands only, so it works on Redis Cluster. An owner read from Redis is trusted
 * in memory for {@code cache-ttl}: owners never change, so the cache is never wrong about one, only
 * about a session forgotten on another instance, which the backend then refuses itself.
 */
public final class SessionBindings {

	static final String PREFIX = "mcp-edge:session:";

	private final ReactiveStringRedisTemplate redis;

	private final Duration ttl;

	private final Cache<String, String> owners;

	public SessionBindings(ReactiveStringRedisTemplate redis, SessionSettings settings) {
		this.redis = redis;
		this.ttl = settings.ttl();
		this.owners = Caffeine.newBuilder().expireAfterWrite(settings.cacheTtl()).maximumSize(100_000).build();
	}

	/** The session's owner, empty when unknown; errors when Redis cannot be asked. */
	public Mono<Optional<String>> owner(String sessionId) {
		String key = key(sessionId);
		String cached = owners.getIfPresent(key);
		if (cached != null) {
			return Mono.just(Optional.of(cached));
		}
		return redis.opsForValue()
			.getAndExpire(key, ttl)
			.doOnNext(owner -> owners.put(key, owner))
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
	}

	/** Binds a new session to its owner; {@code false} when it was already bound (to anyone). */
	public Mono<Boolean> bind(String sessionId, String owner) {
		return redis.opsForValue().setIfAbsent(key(sessionId), owner, ttl);
	}

	/** Forgets the session, here at once and in Redis. */
	public Mono<Void> forget(String sessionId) {
		String key = key(sessionId);
		owners.invalidate(key);
		return redis.delete(key).then();
	}

	static String key(String sessionId) {
		return PREFIX + Digests.sha256(sessionId);
	}
}
