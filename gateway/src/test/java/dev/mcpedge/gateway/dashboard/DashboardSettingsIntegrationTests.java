package dev.mcpedge.gateway.dashboard;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.Ports;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The dashboard's settings outside development mode (Redis configured): without them the dashboard is off,
 * its paths answer 404 and the MCP routes answer as before, without a session; half of them (an issuer
 * without a client id, or the reverse) stop the start with a failure analysis naming the missing setting
 * and never the client secret; a provider that cannot be reached does not stop the start, only the
 * sign-in (503). In development mode the settings replace the development identity provider's client.
 */
@ExtendWith(OutputCaptureExtension.class)
class DashboardSettingsIntegrationTests {

	private static final String ADMIN_TOKEN = "dashboard-settings-admin-token";

	private static final GatewayInstances gateways = new GatewayInstances(ADMIN_TOKEN);

	/** In development mode: no Redis configured. */
	private static final GatewayInstances development = GatewayInstances.bare();

	private static ConfigurableApplicationContext gateway;

	@BeforeAll
	static void start() {
		gateway = gateways.start();
	}

	@AfterAll
	static void stop() {
		development.close();
		gateways.close();
	}

	@Test
	void dashboardWhenNotConfiguredThenEveryPathAnswers404AndMcpRoutesUnchanged() {
		String base = GatewayInstances.url(gateway);
		OpenIdProviderBrowser browser = new OpenIdProviderBrowser(HttpClient.Redirect.NEVER);
		for (String path : new String[] { "/dashboard", "/dashboard/keys/new", "/oauth2/authorization/mcp-edge",
				"/login/oauth2/code/mcp-edge?code=c&state=s" }) {
			HttpResponse<String> answer = browser.get(base + path);
			assertThat(answer.statusCode()).as(path).isEqualTo(404);
			assertThat(answer.headers().allValues("Set-Cookie")).as(path).isEmpty();
		}
		gateways.backend().resetToEmptyResult();
		String key = gateways.admin(gateway).key("org_a", "live");

		assertThat(McpClient.of(GatewayInstances.port(gateway)).bearer(key).pingStatus()).isEqualTo(200);
		assertThat(gateways.backend().onlyRequest().getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_a");
	}

	@Test
	void startWhenIssuerWithoutClientIdThenFailsNamingClientId(CapturedOutput output) {
		assertThatException().isThrownBy(() -> gateways.start("--mcp-edge.dashboard.issuer-uri=https://login.example.com"));

		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("The key dashboard is half configured: mcp-edge.dashboard.client-id is not set")
			.contains("Set mcp-edge.dashboard.client-id");
	}

	@Test
	void startWhenClientIdWithoutIssuerThenFailsNamingIssuerAndNeverTheSecret(CapturedOutput output) {
		assertThatException().isThrownBy(() -> gateways.start("--mcp-edge.dashboard.client-id=mcp-edge-dashboard",
				"--mcp-edge.dashboard.client-secret=never-print-this-secret"));

		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("The key dashboard is half configured: mcp-edge.dashboard.issuer-uri is not set")
			.doesNotContain("never-print-this-secret");
		assertThat(output.getErr()).doesNotContain("never-print-this-secret");
	}

	@Test
	void signInWhenProviderUnreachableThenGatewayStartsAndSignInAnswers503() {
		ConfigurableApplicationContext unreachable = gateways.start(
				"--mcp-edge.dashboard.issuer-uri=http://127.0.0.1:" + Ports.free() + "/nobody-listens",
				"--mcp-edge.dashboard.client-id=mcp-edge-dashboard", "--mcp-edge.dashboard.client-secret=unused-secret");
		String base = GatewayInstances.url(unreachable);
		OpenIdProviderBrowser browser = new OpenIdProviderBrowser(HttpClient.Redirect.NEVER);

		HttpResponse<String> toSignIn = browser.get(base + "/dashboard");
		HttpResponse<String> signIn = browser.get(base + "/oauth2/authorization/mcp-edge");

		assertThat(toSignIn.statusCode()).isEqualTo(302);
		assertThat(signIn.statusCode()).isEqualTo(503);
		assertThat(signIn.body()).doesNotContain("unused-secret");
		String key = gateways.admin(unreachable).key("org_a", "live");
		assertThat(McpClient.of(GatewayInstances.port(unreachable)).bearer(key).pingStatus()).isEqualTo(200);
	}

	@Test
	void signInWhenDevelopmentModeAndConfiguredThenTheConfiguredProviderNotTheDevelopmentOne() {
		String issuer = gateways.issuer().id();
		ConfigurableApplicationContext gateway = development.start("--server.port=0", "--mcp-edge.dashboard.issuer-uri=" + issuer,
				"--mcp-edge.dashboard.client-id=configured-dashboard");
		String base = GatewayInstances.url(gateway);

		HttpResponse<String> signIn = new OpenIdProviderBrowser(HttpClient.Redirect.NEVER).get(base + "/oauth2/authorization/mcp-edge");

		assertThat(signIn.statusCode()).isEqualTo(302);
		assertThat(signIn.headers().firstValue("Location").orElseThrow()).startsWith(issuer + "/authorize?")
			.contains("client_id=configured-dashboard")
			.contains("code_challenge=");
	}
}
