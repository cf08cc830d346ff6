package dev.mcpedge.gateway.dashboard;

import java.net.URI;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The dashboard's sign-out: a POST to {@value #PATH} (with the CSRF token, like every change) ends the
 * dashboard's session (the security context and the whole WebSession, with the signed-in client's
 * tokens), then sends the browser to the identity provider's end-session endpoint (OpenID Connect
 * RP-initiated logout, with the ID token as hint) so that its session ends too and the next visit asks
 * for the password again; the provider sends the browser back to {@code /dashboard}. A provider that
 * advertises no end-session endpoint leaves its own session alone, and the browser goes straight to
 * {@code /dashboard}.
 */
final class DashboardSignOut {

	static final String PATH = "/dashboard/sign-out";

	private DashboardSignOut() {
	}

	static ServerHttpSecurity.LogoutSpec configure(ServerHttpSecurity.LogoutSpec logout,
			ReactiveClientRegistrationRepository registrations) {
		OidcClientInitiatedServerLogoutSuccessHandler signedOut = new OidcClientInitiatedServerLogoutSuccessHandler(
				registrations);
		signedOut.setPostLogoutRedirectUri("{baseUrl}/dashboard");
		signedOut.setLogoutSuccessUrl(URI.create("/dashboard"));
		return logout.requiresLogout(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST, PATH))
			.logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
					new WebSessionServerLogoutHandler()))
			.logoutSuccessHandler(signedOut);
	}
}
