package dev.mcpedge.errors;

import org.jspecify.annotations.Nullable;

/**
 * The {@code WWW-Authenticate} challenge of a refusal as values: the endpoint's challenge, and what was
 * wrong with the credential (RFC 6750 §3). {@link ErrorResponder} renders it into the header.
 *
 * @param endpoint the challenge of the endpoint called
 * @param error the {@code error} parameter ({@code invalid_token}, {@code invalid_request},
 * {@code insufficient_scope}), or {@code null} when no credential was sent
 * @param description the {@code error_description} parameter, or {@code null}
 * @param scope every scope the call needs, space-separated, for {@code insufficient_scope}; else {@code null}
 */
public record Challenge(BearerChallenge endpoint, @Nullable String error, @Nullable String description,
		@Nullable String scope) {

	/** The endpoint's challenge alone: no credential was sent. */
	static Challenge of(BearerChallenge endpoint) {
		return new Challenge(endpoint, null, null, null);
	}

	/** The credential sent was refused, with {@code error} and {@code description}. */
	static Challenge refused(BearerChallenge endpoint, String error, String description) {
		return new Challenge(endpoint, error, description, null);
	}

	/** The credential lacks scopes: {@code insufficient_scope} with every scope the call needs. */
	static Challenge insufficientScope(BearerChallenge endpoint, String scope) {
		return new Challenge(endpoint, "insufficient_scope", null, scope);
	}
}
