/**
 * API keys: their format and checksum, records in Redis (only digests of secrets), verification on the
 * hot path through an in-process cache kept current by change events on every instance, and their
 * administration (create, import, change, roll, revoke) with writes that hold under concurrency.
 */
@NullMarked
package dev.mcpedge.keys;

import org.jspecify.annotations.NullMarked;
