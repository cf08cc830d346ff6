package dev.mcpedge.gateway.dev.identity;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the development identity provider is started with: everything it needs from the gateway,
 * handed over as one object so that nothing else of the gateway's context reaches it.
 *
 * @param issuer its issuer identifier, {@code http://127.0.0.1:<port>}
 * @param users the users who can sign in
 * @param client the confidential client for the client credentials grant
 * @param dashboard the key dashboard's OpenID Connect client
 * @param scopes the scopes clients may ask for
 * @param resources the resource URLs of the gateway's OAuth endpoints, in order; tokens are for one of
 * them (RFC 8707 {@code resource}, default the first)
 */
record IdentityProviderSettings(URI issuer, List<DemoUser> users, DemoClient client, DashboardClient dashboard,
		List<String> scopes, List<String> resources) {

	IdentityProviderSettings {
		users = List.copyOf(users);
		scopes = List.copyOf(scopes);
		resources = List.copyOf(resources);
	}

	/** The user named {@code username}, or {@code null}. */
	@Nullable DemoUser user(String username) {
		return users.stream().filter(u -> u.username().equals(username)).findFirst().orElse(null);
	}
}
