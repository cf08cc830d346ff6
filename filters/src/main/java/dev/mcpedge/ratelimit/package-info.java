/**
 * Token-bucket rate limits per principal, organization and write tools, shared by all instances
 * through buckets in Redis that each instance spends from in leases of several tokens (one Lua script
 * grants and renews them in the background), with per-instance buckets of the same rates while Redis
 * is away.
 */
@NullMarked
package dev.mcpedge.ratelimit;

import org.jspecify.annotations.NullMarked;
