package dev.mcpedge.audit;

/**
 * What {@link AuditLog} writes and where (the {@code mcp-edge.audit.*} settings, whose documentation
 * gives the defaults and limits).
 *
 * @param includeArguments whether records carry the tool call's arguments
 * @param redisStream whether records are also appended to the Redis stream {@code mcp-edge:audit}
 * @param maxLength about how many records the stream keeps
 */
public record AuditSettings(boolean includeArguments, boolean redisStream, long maxLength) {
}
