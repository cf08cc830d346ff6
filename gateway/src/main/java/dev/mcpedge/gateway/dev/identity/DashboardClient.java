package dev.mcpedge.gateway.dev.identity;

import java.util.List;

/**
 * The key dashboard as a confidential OpenID Connect client of the development identity provider,
 * registered from the start (authorization code grant, {@code openid} scope, no consent page: it is
 * the gateway's own console, not a third party). Its secret is generated at each start and only ever
 * handed to the gateway's dashboard, never printed.
 *
 * @param clientId the client id
 * @param secret the client secret, generated
 * @param redirectUris where the provider may send the browser back: the dashboard's
 * {@value #REDIRECT_PATH} under the gateway's public URL, and under {@code 127.0.0.1} (any port, as
 * OAuth 2.1 allows for loopback addresses)
 * @param postLogoutRedirectUris where the provider may send the browser after the dashboard's sign-out
 * ends the provider's session too (OpenID Connect RP-initiated logout): the dashboard under the gateway's
 * public URL
 */
public record DashboardClient(String clientId, String secret, List<String> redirectUris,
		List<String> postLogoutRedirectUris) {

	/** The name of the dashboard's client registration in the gateway. */
	public static final String REGISTRATION_ID = "mcp-edge";

	/** Spring Security's default redirect path for {@link #REGISTRATION_ID}. */
	public static final String REDIRECT_PATH = "/login/oauth2/code/" + REGISTRATION_ID;

	public DashboardClient {
		redirectUris = List.copyOf(redirectUris);
		postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
	}

	/**
	 * A client with a fresh secret whose redirect URI is {@value #REDIRECT_PATH} under {@code publicUrl},
	 * and {@code /dashboard} under it after sign-out.
	 */
	static DashboardClient generate(String publicUrl) {
		String base = publicUrl.replaceAll("/$", "");
		return new DashboardClient("mcp-edge-dashboard", DemoUser.secret(32),
				List.of(base + REDIRECT_PATH, "http://127.0.0.1" + REDIRECT_PATH), List.of(base + "/dashboard"));
	}

	@Override
	public String toString() {
		return "DashboardClient[" + clientId + ", " + redirectUris + "]";
	}
}
