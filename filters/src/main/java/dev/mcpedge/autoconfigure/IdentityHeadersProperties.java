package dev.mcpedge.autoconfigure;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Names of the headers that tell the backend who called, under {@code mcp-edge.identity-headers};
 * inbound headers with these names are removed first, so a client cannot pose as someone else.
 *
 * @param authMethod {@code api_key} or {@code oauth}
 * @param principal the key id or the token's subject
 * @param organization the organization in effect; empty when the credential names none
 * @param scopes the scopes held, space-separated; empty when none
 * @param access {@code full} (the organization's full access, whatever the scopes) or {@code scoped}
 * @param mode {@code live} or {@code test}; {@code none} for an OAuth request that is not a tool call
 * @param requestId the edge's request id
 */
public record IdentityHeadersProperties(@DefaultValue("X-MCP-Edge-Auth-Method") String authMethod,
		@DefaultValue("X-MCP-Edge-Principal") String principal,
		@DefaultValue("X-MCP-Edge-Organization-Id") String organization,
		@DefaultValue("X-MCP-Edge-Scopes") String scopes,
		@DefaultValue("X-MCP-Edge-Access") String access,
		@DefaultValue("X-MCP-Edge-Mode") String mode,
		@DefaultValue("X-Request-Id") String requestId) {
}
