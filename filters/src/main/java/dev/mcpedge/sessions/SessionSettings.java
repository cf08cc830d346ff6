package dev.mcpedge.sessions;

import java.time.Duration;

/**
 * How long {@link SessionBindings} remembers session owners (the {@code mcp-edge.sessions.*}
 * settings, whose documentation gives the defaults and limits).
 *
 * @param ttl how long an unused session's owner is remembered in Redis; every use refreshes it
 * @param cacheTtl how long an instance trusts an owner it read from Redis before reading it again
 */
public record SessionSettings(Duration ttl, Duration cacheTtl) {
}
