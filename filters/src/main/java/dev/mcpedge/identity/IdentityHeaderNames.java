package dev.mcpedge.identity;

/**
 * Names of the headers {@link IdentityHeaders} writes for the backend (the
 * {@code mcp-edge.identity-headers.*} settings, whose documentation gives the defaults); inbound
 * headers with these names are removed first.
 *
 * @param authMethod {@code api_key} or {@code oauth}
 * @param principal the key id or the token's subject
 * @param organization the organization in effect
 * @param scopes the scopes held, space-separated
 * @param access {@code full} or {@code scoped}
 * @param mode {@code live}, {@code test} or {@code none}
 * @param requestId the edge's request id
 */
public record IdentityHeaderNames(String authMethod, String principal, String organization, String scopes,
		String access, String mode, String requestId) {
}
