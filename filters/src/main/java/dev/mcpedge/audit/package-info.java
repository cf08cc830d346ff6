/**
 * One structured record per MCP request (who, which organization, method and tool, mode, decision and
 * reason, status, latency), to the log and optionally a capped Redis stream, and the request metric
 * {@code mcp_edge_requests}; written by the {@code McpAudit} route filter when the exchange ends. Also one
 * record per key change a person makes (on the dashboard), in the same log and stream.
 */
@NullMarked
package dev.mcpedge.audit;

import org.jspecify.annotations.NullMarked;
