/**
 * The development defaults: an embedded redis-server, the demo server and organization when nothing
 * is configured, and the start failure when production settings meet the embedded Redis.
 */
@NullMarked
package dev.mcpedge.gateway.dev;

import org.jspecify.annotations.NullMarked;
