package dev.mcpedge.oauth;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** Outcome of verifying an OAuth access token; rejections are values, not exceptions. */
public sealed interface TokenCheck {

	/**
	 * A valid token for this resource.
	 *
	 * @param subject the principal claim
	 * @param organizationId the token's organization, or {@code null}
	 * @param organizations every organization the token may act for (includes {@code organizationId})
	 * @param scopes the token's scopes
	 * @param unrestricted whether the issuer is configured as unrestricted
	 * @param wildcardScopes whether the issuer is configured to have wildcards in its scopes honoured
	 * @param expiresAt the token's {@code exp}, or {@code null} when not known
	 */
	record Valid(String subject, @Nullable String organizationId, Set<String> organizations, List<String> scopes,
			boolean unrestricted, boolean wildcardScopes, @Nullable Instant expiresAt) implements TokenCheck {

		/** Exchange attribute holding the check of the token a request authenticated with. */
		public static final String ATTRIBUTE = Valid.class.getName();

		/** A valid token whose expiry is not known. */
		public Valid(String subject, @Nullable String organizationId, Set<String> organizations, List<String> scopes,
				boolean unrestricted, boolean wildcardScopes) {
			this(subject, organizationId, organizations, scopes, unrestricted, wildcardScopes, null);
		}
	}

	/** Not usable here; {@code description} is safe to show the caller. */
	record Rejected(String description) implements TokenCheck {
	}

	/** The issuer's keys could not be fetched, so the token cannot be checked now. */
	record Unavailable() implements TokenCheck {
	}
}
