package dev.mcpedge.auth;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.mcpedge.ratelimit.BucketSettings;
import dev.mcpedge.ratelimit.TokenBucket;

import org.springframework.web.server.ServerWebExchange;

/**
 * Failed authentications per client address, as token buckets in this instance's memory
 * ({@link TokenBucket}): an address that keeps failing is refused before its credential is even
 * hashed, so key guessing and junk floods cost almost nothing and never reach Redis. The address is
 * the connection's peer (behind a proxy, the proxy's: limit there too).
 */
final class FailedAuthLimiter {

	private final BucketSettings bucket;

	private final Clock clock;

	private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	FailedAuthLimiter(BucketSettings bucket, Clock clock) {
		this.bucket = bucket;
		this.clock = clock;
	}

	/** Seconds until this address may try again; 0 when it may now. */
	long blockedFor(ServerWebExchange exchange) {
		TokenBucket state = buckets.getIfPresent(address(exchange));
		return state == null ? 0 : (long) Math.ceil(state.secondsUntilToken(state.tokens()));
	}

	/** Counts a failed authentication of this address. */
	void failed(ServerWebExchange exchange) {
		buckets.get(address(exchange), a -> new TokenBucket(bucket, clock)).spend();
	}

	private static String address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
	}
}
