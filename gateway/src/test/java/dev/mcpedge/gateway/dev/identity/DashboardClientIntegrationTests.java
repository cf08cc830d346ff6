package dev.mcpedge.gateway.dev.identity;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.dev.identity.BrowserlessSignIn.Discovery;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.Ports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key dashboard as a client of the development identity provider, over HTTP as the browser and
 * the dashboard will meet it: the gateway in development mode registers the dashboard as a confidential
 * OpenID Connect client; a user signs in without a consent page and the ID token names the user and
 * their organization; the provider sends the browser back only to the dashboard's own redirect URIs and
 * issues tokens only for the right secret.
 */
class DashboardClientIntegrationTests {

	private static final int PORT = Ports.free();

	private static final String REDIRECT_URI = "http://localhost:" + PORT + DashboardClient.REDIRECT_PATH;

	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static DevelopmentIdentityProvider provider;

	private final BrowserlessSignIn signIn = new BrowserlessSignIn();

	@BeforeAll
	static void start() {
		provider = gateways.start("--server.port=" + PORT).getBean(DevelopmentIdentityProvider.class);
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void openIdConfigurationWhenDevelopmentModeThenDashboardRegisteredForTheGatewaysRedirectUri() {
		Discovery discovery = signIn.openIdConfiguration(provider.issuer().toString());
		assertThat(discovery.metadata().get("scopes_supported")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.contains("openid");
		assertThat(discovery.endpoint("userinfo_endpoint")).startsWith(provider.issuer().toString());
		assertThat(provider.dashboard().redirectUris()).contains(REDIRECT_URI);
		assertThat(provider.dashboard().toString()).doesNotContain(provider.dashboard().secret());
	}

	@Test
	void signInWhenAliceThenIdTokenNamesHerAndOrgDemoWithoutConsentPage() {
		Discovery discovery = signIn.openIdConfiguration(provider.issuer().toString());
		DemoUser alice = user("alice");

		Map<String, Object> token = signIn.openIdSignIn(discovery, provider.dashboard(), REDIRECT_URI, alice.username(),
				alice.password());

		assertThat(token.get("status")).as(token.toString()).isEqualTo(200);
		Map<String, Object> idToken = BrowserlessSignIn.claims((String) token.get("id_token"));
		assertThat(idToken).containsEntry("iss", provider.issuer().toString())
			.containsEntry("sub", "alice")
			.containsEntry("org_id", "org_demo")
			.containsEntry("nonce", token.get("nonce"))
			.containsEntry("aud", provider.dashboard().clientId());
	}

	@Test
	void signInWhenOliviaThenIdTokenNamesOrgOther() {
		Discovery discovery = signIn.openIdConfiguration(provider.issuer().toString());
		DemoUser olivia = user("olivia");

		Map<String, Object> token = signIn.openIdSignIn(discovery, provider.dashboard(), "http://127.0.0.1:" + PORT
				+ DashboardClient.REDIRECT_PATH, olivia.username(), olivia.password());

		assertThat(BrowserlessSignIn.claims((String) token.get("id_token"))).containsEntry("sub", "olivia")
			.containsEntry("org_id", "org_other");
	}

	@Test
	void authorizationRequestWhenRedirectUriIsElsewhereThenRefusedWithoutRedirect() {
		Discovery discovery = signIn.openIdConfiguration(provider.issuer().toString());

		HttpResponse<String> refused = signIn.authorizationRequest(discovery, Map.of("response_type", "code", "client_id",
				provider.dashboard().clientId(), "redirect_uri", "https://attacker.example" + DashboardClient.REDIRECT_PATH,
				"scope", "openid", "state", "s"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void tokenWhenClientSecretIsWrongThenInvalidClient() {
		Discovery discovery = signIn.openIdConfiguration(provider.issuer().toString());

		Map<String, Object> token = signIn.token(discovery, Map.of("grant_type", "authorization_code", "code", "anything",
				"redirect_uri", REDIRECT_URI), provider.dashboard().clientId() + ":wrong");

		assertThat(token.get("status")).isEqualTo(401);
		assertThat(token.get("error")).isEqualTo("invalid_client");
		assertThat(token.toString()).doesNotContain(provider.dashboard().secret());
	}

	private static DemoUser user(String username) {
		return provider.users().stream().filter(u -> u.username().equals(username)).findFirst().orElseThrow();
	}
}
