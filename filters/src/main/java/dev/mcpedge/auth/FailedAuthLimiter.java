package dev.mcpedge.auth;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.mcpedge.autoconfigure.McpEdgeProperties;

import org.springframework.web.server.ServerWebExchange;

/**
 * Failed authentications per client address, as token buckets in this instance's memory: an address
 * that keeps failing is refused before its credential is even hashed, so key guessing and junk floods
 * cost almost nothing and never reach Redis. The address is the connection's peer (behind a proxy, the
 * proxy's: limit there too).
 */
final class FailedAuthLimiter {

	private final McpEdgeProperties.Bucket bucket;

	private final Clock clock;

	private final Cache<String, double[]> buckets = Caffeine.newBuilder()
		.expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(100_000)
		.build();

	FailedAuthLimiter(McpEdgeProperties.Bucket bucket, Clock clock) {
		this.bucket = bucket;
		this.clock = clock;
	}

	/** Seconds until this address may try again; 0 when it may now. */
	long blockedFor(ServerWebExchange exchange) {
		double[] state = buckets.getIfPresent(address(exchange));
		if (state == null) {
			return 0;
		}
		synchronized (state) {
			double tokens = refill(state);
			return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / bucket.replenishRate());
		}
	}

	/** Counts a failed authentication of this address. */
	void failed(ServerWebExchange exchange) {
		double[] state = buckets.get(address(exchange), a -> new double[] { bucket.burstCapacity(), now() });
		synchronized (state) {
			state[0] = Math.max(0, refill(state) - 1);
		}
	}

	/** {tokens, refreshed at} brought up to now; returns the tokens. */
	private double refill(double[] state) {
		double now = now();
		state[0] = Math.min(bucket.burstCapacity(), state[0] + Math.max(0, now - state[1]) * bucket.replenishRate());
		state[1] = now;
		return state[0];
	}

	private double now() {
		return clock.millis() / 1000.0;
	}

	private static String address(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
	}
}
