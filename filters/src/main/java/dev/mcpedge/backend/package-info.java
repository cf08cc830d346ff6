/**
 * Protection of the MCP server behind the edge: a circuit breaker per backend and an idle timeout for
 * SSE streams.
 */
@NullMarked
package dev.mcpedge.backend;

import org.jspecify.annotations.NullMarked;
