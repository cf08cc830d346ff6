package dev.mcpedge.sessions;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.mcpedge.identity.EdgeIdentity;

/**
 * Who owns a session, as stored: the authentication method, the principal and the organization in
 * effect. A session opened for one organization is not the same session for another, even for the
 * same key, since the backend may hold organization-specific state in it.
 */
final class SessionOwner {

	private SessionOwner() {
	}

	/** The owner's stored form; each part is encoded so that no two identities share one. */
	static String of(EdgeIdentity identity) {
		String organization = identity.organizationId();
		return identity.authMethod().name() + " " + encode(identity.principal()) + " "
				+ (organization == null ? "-" : "o:" + encode(organization));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
