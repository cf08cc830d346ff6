/**
 * What ties a session or a stream to the identity that opened it: {@code Mcp-Session-Id} bound to its
 * owner in Redis ({@link dev.mcpedge.sessions.McpSessionGatewayFilterFactory}), and open SSE streams
 * that end when their credential is revoked, narrowed or expires
 * ({@link dev.mcpedge.sessions.OpenStreams}).
 */
@NullMarked
package dev.mcpedge.sessions;

import org.jspecify.annotations.NullMarked;
