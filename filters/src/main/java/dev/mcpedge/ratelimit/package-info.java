/**
 * Token-bucket rate limits per principal, organization and write tools, shared by all instances
 * through one Lua script in Redis, with per-instance buckets of the same rates while Redis is away.
 */
@NullMarked
package dev.mcpedge.ratelimit;

import org.jspecify.annotations.NullMarked;
