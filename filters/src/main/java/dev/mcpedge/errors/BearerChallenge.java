package dev.mcpedge.errors;

import org.springframework.lang.Nullable;

/**
 * The {@code WWW-Authenticate: Bearer ...} challenge of one endpoint (RFC 6750, RFC 9728).
 * Endpoints that accept OAuth point clients at their protected resource metadata; others name a realm.
 */
public final class BearerChallenge {

	/** Exchange attribute holding the challenge of the endpoint called, set by authentication. */
	public static final String ATTRIBUTE = BearerChallenge.class.getName();

	private final String base;

	private BearerChallenge(String base) {
		this.base = base;
	}

	/** A challenge pointing at the endpoint's protected resource metadata document. */
	public static BearerChallenge resourceMetadata(String metadataUrl) {
		return new BearerChallenge("Bearer resource_metadata=\"" + quoted(metadataUrl) + "\"");
	}

	/** A challenge naming a realm, for endpoints that accept only API keys. */
	public static BearerChallenge realm(String realm) {
		return new BearerChallenge("Bearer realm=\"" + quoted(realm) + "\"");
	}

	/**
	 * The challenge for a call that needs more scopes (RFC 6750 §3.1): the error first, then every
	 * scope the call needs, then the realm or metadata parameter.
	 */
	public String renderInsufficientScope(String scopes) {
		return "Bearer error=\"insufficient_scope\", scope=\"" + quoted(scopes) + "\", " + base.substring("Bearer ".length());
	}

	/** The header value, with {@code error} and {@code error_description} when given. */
	public String render(@Nullable String error, @Nullable String description) {
		if (error == null) {
			return base;
		}
		StringBuilder value = new StringBuilder(base).append(", error=\"").append(quoted(error)).append('"');
		if (description != null) {
			value.append(", error_description=\"").append(quoted(description)).append('"');
		}
		return value.toString();
	}

	private static String quoted(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

	@Override
	public String toString() {
		return base;
	}
}
