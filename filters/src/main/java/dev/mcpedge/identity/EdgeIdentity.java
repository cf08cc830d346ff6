package dev.mcpedge.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Who is calling, after authentication and organization selection.
 *
 * @param authMethod how the caller authenticated
 * @param principal key id for API keys, token subject for OAuth
 * @param organizationId the organization in effect for this request, or {@code null} when the
 * credential names none
 * @param scopes granted scopes
 * @param unrestricted whether the identity has the full access of its organization whatever its
 * scopes (an API key without scopes; an OAuth issuer configured as unrestricted)
 * @param mode live or test; {@code null} when the credential does not fix it (OAuth)
 * @param wildcardScopes whether {@code *} and {@code x:*} among the scopes are wildcards (API keys;
 * OAuth tokens only from an issuer configured so) or literal strings
 */
public record EdgeIdentity(AuthMethod authMethod, String principal, @Nullable String organizationId,
		List<String> scopes, boolean unrestricted, @Nullable Mode mode, boolean wildcardScopes) {

	/** Exchange attribute holding the authenticated {@link EdgeIdentity}. */
	public static final String ATTRIBUTE = EdgeIdentity.class.getName();

	public EdgeIdentity {
		Assert.notNull(authMethod, "authMethod must not be null");
		Assert.hasText(principal, "principal must not be empty");
		scopes = scopes == null ? List.of() : List.copyOf(scopes);
	}

	/** Scope wildcards honoured for API keys, not for OAuth tokens. */
	public EdgeIdentity(AuthMethod authMethod, String principal, @Nullable String organizationId, List<String> scopes,
			boolean unrestricted, @Nullable Mode mode) {
		this(authMethod, principal, organizationId, scopes, unrestricted, mode, authMethod == AuthMethod.API_KEY);
	}
}
