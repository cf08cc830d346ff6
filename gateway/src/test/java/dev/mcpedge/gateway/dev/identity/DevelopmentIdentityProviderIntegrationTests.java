package dev.mcpedge.gateway.dev.identity;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.dev.identity.BrowserlessSignIn.Discovery;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.Ports;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development identity provider as an MCP client and its user meet it, over HTTP: the gateway in
 * development mode (nothing configured but the scope mapping of the demo tools) trusts it; a client
 * finds it from the endpoint's 401, registers itself, the user signs in and consents, and the token
 * works on {@code /api/mcp/oauth} with the user's organization in the identity headers the demo MCP
 * server receives. The client credentials grant works the same; a user of another organization cannot
 * act for {@code org_demo}.
 */
class DevelopmentIdentityProviderIntegrationTests {

	private static final int PORT = Ports.free();

	private static final String ENDPOINT = "http://localhost:" + PORT + "/api/mcp/oauth";

	private static final String GET_BALANCE = """
			{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"get_balance","arguments":{"api_test_mode":true}}}""";

	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static DevelopmentIdentityProvider provider;

	private final BrowserlessSignIn signIn = new BrowserlessSignIn();

	@BeforeAll
	static void start() {
		ConfigurableApplicationContext gateway = gateways.start("--server.port=" + PORT,
				"--mcp-edge.policy.read-tools=get_*,list_*", "--mcp-edge.policy.tool-scopes.get_balance=payments:read",
				"--mcp-edge.policy.tool-scopes.create_refund=refunds:write",
				"--mcp-edge.oauth.scopes-supported=payments:read,refunds:write");
		provider = gateway.getBean(DevelopmentIdentityProvider.class);
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void signInWhenDiscoveredRegisteredAndConsentedThenToolsWorkForTheUsersOrganization() {
		Discovery discovery = signIn.discover(ENDPOINT);
		assertThat(discovery.issuer()).isEqualTo(provider.issuer().toString()).startsWith("http://127.0.0.1:");
		String clientId = signIn.register(discovery);
		DemoUser alice = provider.users().get(0);
		assertThat(alice.organization()).isEqualTo("org_demo");

		Map<String, Object> token = signIn.authorize(discovery, clientId, alice.username(), alice.password(),
				List.of("payments:read"));
		assertThat(token.get("status")).isEqualTo(200);
		assertThat(token.get("scope")).isEqualTo("payments:read");
		String accessToken = (String) token.get("access_token");

		HttpResponse<String> tools = signIn.mcp(ENDPOINT, accessToken, """
				{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Map.of());
		assertThat(tools.statusCode()).as(tools.body()).isEqualTo(200);
		assertThat(tools.body()).as("filtered to what payments:read may call").contains("\"get_balance\"")
			.doesNotContain("\"create_refund\"");
		HttpResponse<String> call = signIn.mcp(ENDPOINT, accessToken, GET_BALANCE, Map.of());
		assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
		assertThat(call.body()).contains("\\\"x-mcp-edge-auth-method\\\" : \\\"oauth\\\"")
			.contains("\\\"x-mcp-edge-principal\\\" : \\\"alice\\\"")
			.contains("\\\"x-mcp-edge-organization-id\\\" : \\\"org_demo\\\"")
			.contains("\\\"x-mcp-edge-scopes\\\" : \\\"payments:read\\\"")
			.contains("\\\"authorization_header_received\\\" : false");
	}

	@Test
	void consentPageWhenClientChoseAHostileNameThenShowsItAsTextWithWhereTheCodeGoes() {
		Discovery discovery = signIn.discover(ENDPOINT);
		String clientId = signIn.register(discovery, "<script>alert(1)</script> Claude");
		DemoUser bob = provider.users().get(1);

		Map<String, Object> token = signIn.authorize(discovery, clientId, bob.username(), bob.password(),
				List.of("payments:read"));
		assertThat(token.get("status")).isEqualTo(200);
		assertThat(signIn.lastConsentPage)
			.contains("<strong id=\"client-name\"><bdi>&lt;script&gt;alert(1)&lt;/script&gt; Claude</bdi></strong>")
			.contains("<li><code>" + BrowserlessSignIn.REDIRECT_URI + "</code></li>")
			.contains("name=\"scope\" value=\"payments:read\"");
	}

	@Test
	void clientCredentialsWhenDemoClientThenActsForItsOrganization() {
		Discovery discovery = signIn.discover(ENDPOINT);
		DemoClient client = provider.client();
		Map<String, Object> token = signIn.token(discovery, Map.of("grant_type", "client_credentials", "scope",
				"payments:read", "resource", ENDPOINT), client.clientId() + ":" + client.secret());
		assertThat(token.get("status")).isEqualTo(200);

		HttpResponse<String> call = signIn.mcp(ENDPOINT, (String) token.get("access_token"), GET_BALANCE, Map.of());
		assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
		assertThat(call.body()).contains("\\\"x-mcp-edge-principal\\\" : \\\"demo-service\\\"")
			.contains("\\\"x-mcp-edge-organization-id\\\" : \\\"org_demo\\\"");
	}

	@Test
	void tokenWhenResourceIsNotAnEndpointOfTheGatewayThenInvalidTarget() {
		Discovery discovery = signIn.discover(ENDPOINT);
		DemoClient client = provider.client();
		Map<String, Object> token = signIn.token(discovery, Map.of("grant_type", "client_credentials", "scope",
				"payments:read", "resource", "https://elsewhere.example/mcp"), client.clientId() + ":" + client.secret());
		assertThat(token.get("status")).isEqualTo(400);
		assertThat(token.get("error")).isEqualTo("invalid_target");
	}

	@Test
	void userOfAnotherOrganizationWhenActingForOrgDemoThenRefused() {
		Discovery discovery = signIn.discover(ENDPOINT);
		String clientId = signIn.register(discovery);
		DemoUser olivia = provider.users().stream().filter(u -> u.organization().equals("org_other")).findFirst().orElseThrow();
		String accessToken = (String) signIn.authorize(discovery, clientId, olivia.username(), olivia.password(),
				List.of("payments:read")).get("access_token");

		HttpResponse<String> forOrgDemo = signIn.mcp(ENDPOINT, accessToken, GET_BALANCE, Map.of("X-Organization-Id", "org_demo"));
		assertThat(forOrgDemo.statusCode()).isEqualTo(403);
		assertThat(forOrgDemo.body()).doesNotContain("org_demo\\\"");
		HttpResponse<String> own = signIn.mcp(ENDPOINT, accessToken, GET_BALANCE, Map.of());
		assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
		assertThat(own.body()).contains("\\\"x-mcp-edge-organization-id\\\" : \\\"org_other\\\"");
	}

	@Test
	void registerWhenScopeTheGatewayDoesNotKnowThenRefused() {
		Discovery discovery = signIn.discover(ENDPOINT);
		Map<String, Object> refused = signIn.registerRaw(discovery, Map.of("client_name", "greedy", "redirect_uris",
				List.of(BrowserlessSignIn.REDIRECT_URI), "token_endpoint_auth_method", "none", "scope", "admin:all"));
		assertThat(refused.get("status")).isEqualTo(400);
		assertThat(refused.get("error")).isEqualTo("invalid_scope");
	}
}
