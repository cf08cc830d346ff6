/**
 * The warm-up of a new instance before it reports ready ({@code mcp-edge.warm-up.duration}): MCP
 * requests the instance sends to itself through every step of an MCP route, to a backend of its own,
 * so that the JIT compiler has compiled the request path before clients arrive.
 */
@NullMarked
package dev.mcpedge.gateway.warmup;

import org.jspecify.annotations.NullMarked;
