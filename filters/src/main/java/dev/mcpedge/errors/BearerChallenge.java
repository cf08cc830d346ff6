package dev.mcpedge.errors;

/**
 * The challenge of one endpoint (RFC 6750, RFC 9728): the one parameter that tells a client where it
 * is. Endpoints that accept OAuth point clients at their protected resource metadata; others name a
 * realm. A refusal's {@link Challenge} adds its error to it; {@link ErrorResponder} renders both.
 *
 * @param parameter the parameter's name, {@code resource_metadata} or {@code realm}
 * @param value its value, unquoted
 */
public record BearerChallenge(String parameter, String value) {

	/** Exchange attribute holding the challenge of the endpoint called, set by authentication. */
	public static final String ATTRIBUTE = BearerChallenge.class.getName();

	/** A challenge pointing at the endpoint's protected resource metadata document. */
	public static BearerChallenge resourceMetadata(String metadataUrl) {
		return new BearerChallenge("resource_metadata", metadataUrl);
	}

	/** A challenge naming a realm, for endpoints that accept only API keys. */
	public static BearerChallenge realm(String realm) {
		return new BearerChallenge("realm", realm);
	}
}
