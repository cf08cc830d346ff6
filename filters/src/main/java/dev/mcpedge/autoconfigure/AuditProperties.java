package dev.mcpedge.autoconfigure;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The audit trail, under {@code mcp-edge.audit}: one record per MCP request, to the
 * {@code mcp-edge.audit} logger as a JSON line and optionally to a capped Redis stream readable through
 * {@code GET /admin/audit}.
 *
 * @param includeArguments whether records carry the tool call's arguments (off: they can hold
 * personal or secret data)
 * @param redisStream also append records to the Redis stream {@code mcp-edge:audit} and to the organization's
 * own, {@code mcp-edge:org-audit:<id>} (its newest 1,000, read by {@code GET /admin/audit})
 * @param maxLength about how many records the stream keeps (older ones are trimmed)
 */
public record AuditProperties(boolean includeArguments, boolean redisStream, @DefaultValue("100000") long maxLength) {

	public AuditProperties {
		Assert.isTrue(maxLength >= 100, () -> "mcp-edge.audit.max-length (" + maxLength + ") must be at least 100");
	}
}
