/**
 * What the edge needs from Redis beyond commands: telling a temporary refusal ("not now": failover,
 * loading, disconnected) from an error, and following a Sentinel failover at once.
 */
@NullMarked
package dev.mcpedge.redis;

import org.jspecify.annotations.NullMarked;
