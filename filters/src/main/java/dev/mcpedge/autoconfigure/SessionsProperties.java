package dev.mcpedge.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Sessions of the 2025 protocol versions, under {@code mcp-edge.sessions}: each {@code Mcp-Session-Id}
 * is bound to the identity that opened it, in Redis, and refused (404) to any other, so a session id
 * that leaks is of no use to another caller.
 *
 * @param enabled whether sessions are bound to their identity; default true
 * @param ttl how long an unused session's owner is remembered; every use refreshes it; default 24h.
 * A session the edge no longer knows is answered 404, and the client starts a new one
 * @param cacheTtl how long an instance trusts an owner it read from Redis before reading it again;
 * default 10s
 */
public record SessionsProperties(@DefaultValue("true") boolean enabled, @DefaultValue("24h") Duration ttl,
		@DefaultValue("10s") Duration cacheTtl) {

	public SessionsProperties {
		Assert.isTrue(ttl.compareTo(Duration.ofMinutes(1)) >= 0,
				() -> "mcp-edge.sessions.ttl (" + ttl + ") must be at least 1 minute");
		Assert.isTrue(!cacheTtl.isNegative() && cacheTtl.compareTo(ttl) < 0,
				() -> "mcp-edge.sessions.cache-ttl (" + cacheTtl + ") must be between 0 and ttl (" + ttl + ")");
	}
}
