package dev.mcpedge.identity;

import java.util.List;

import org.springframework.util.Assert;

/**
 * Who is calling, after authentication and organization selection.
 *
 * @param authMethod how the caller authenticated
 * @param principal key id for API keys, token subject for OAuth
 * @param organizationId the organization in effect for this request
 * @param scopes granted scopes; empty means the full access of the organization
 * @param mode live or test
 */
public record EdgeIdentity(AuthMethod authMethod, String principal, String organizationId, List<String> scopes,
		Mode mode) {

	/** Exchange attribute holding the authenticated {@link EdgeIdentity}. */
	public static final String ATTRIBUTE = EdgeIdentity.class.getName();

	public EdgeIdentity {
		Assert.notNull(authMethod, "authMethod must not be null");
		Assert.hasText(principal, "principal must not be empty");
		Assert.notNull(mode, "mode must not be null");
		scopes = scopes == null ? List.of() : List.copyOf(scopes);
	}
}
