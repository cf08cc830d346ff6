package dev.mcpedge.errors;

/**
 * Renders a {@link Challenge} as the value of {@code WWW-Authenticate}: the endpoint's parameter, then
 * {@code error} and {@code error_description}; for {@code insufficient_scope} the error and the scopes
 * come first (RFC 6750 §3.1). Values are quoted strings with {@code \} and {@code "} escaped. Used by
 * {@link ErrorResponder} only.
 */
final class ChallengeHeader {

	private ChallengeHeader() {
	}

	static String value(Challenge challenge) {
		StringBuilder value = new StringBuilder("Bearer ");
		BearerChallenge endpoint = challenge.endpoint();
		if (challenge.scope() != null) {
			parameter(value, "error", challenge.error()).append(", ");
			parameter(value, "scope", challenge.scope()).append(", ");
			return parameter(value, endpoint.parameter(), endpoint.value()).toString();
		}
		parameter(value, endpoint.parameter(), endpoint.value());
		if (challenge.error() != null) {
			parameter(value.append(", "), "error", challenge.error());
			if (challenge.description() != null) {
				parameter(value.append(", "), "error_description", challenge.description());
			}
		}
		return value.toString();
	}

	private static StringBuilder parameter(StringBuilder value, String name, String text) {
		return value.append(name).append("=\"").append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
	}
}
