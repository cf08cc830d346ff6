package dev.mcpedge.gateway.dev.identity;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.HeadlessChromium;
import dev.mcpedge.gateway.support.NodeClients;
import dev.mcpedge.gateway.support.Ports;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OAuth path a user takes with a real MCP client and a real browser, against the gateway started
 * with nothing configured (development mode: the provider offers the demo tools' scopes, and the
 * user approves them on the consent page): the MCP TypeScript SDK's client (v1, {@code src/test/node/oauth-browser-sign-in.mjs})
 * discovers everything from the endpoint's 401, registers itself and hands the authorization URL over;
 * headless Chromium signs in as a demo user of {@code org_demo} and consents; the browser lands on the
 * script's callback, and the client lists and calls tools through {@code /api/mcp/oauth} with the user's
 * organization in the identity headers the demo MCP server receives.
 */
class DevelopmentIdentityProviderBrowserTests {

	private static final int PORT = Ports.free();

	private static final String ENDPOINT = "http://localhost:" + PORT + "/api/mcp/oauth";

	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static DevelopmentIdentityProvider provider;

	@BeforeAll
	static void start() throws Exception {
		NodeClients.install("@modelcontextprotocol/sdk");
		// as a newcomer starts it: nothing configured
		ConfigurableApplicationContext gateway = gateways.start("--server.port=" + PORT);
		provider = gateway.getBean(DevelopmentIdentityProvider.class);
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	@SuppressWarnings("unchecked")
	void typeScriptClientWhenUserSignsInAndConsentsInTheBrowserThenUsesToolsAsTheUsersOrganization() throws Exception {
		Process client = NodeClients.start("oauth-browser-sign-in.mjs", ENDPOINT);
		WebDriver browser = HeadlessChromium.start();
		try (BufferedReader output = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
			String handOff = output.readLine();
			assertThat(handOff).as("the client's hand-over of the authorization URL").startsWith("AUTHORIZE " + provider.issuer());
			DemoUser alice = provider.users().get(0);

			browser.get(handOff.substring("AUTHORIZE ".length()));
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(alice.username());
			browser.findElement(By.id("password")).sendKeys(alice.password());
			browser.findElement(By.cssSelector("button[type=submit]")).click();

			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("submit-consent")));
			assertThat(browser.findElement(By.tagName("body")).getText()).contains("Consent required")
				.contains("Signed in as " + alice.username())
				.contains("The application mcp-edge browser test (the name it gave itself")
				.contains("/callback");
			List<WebElement> scopes = browser.findElements(By.cssSelector("input[name=scope]"));
			assertThat(scopes).extracting(scope -> scope.getAttribute("value")).containsExactlyInAnyOrder("payments:read",
					"refunds:write", "payments:write");
			scopes.forEach(WebElement::click);
			browser.findElement(By.id("submit-consent")).click();
			wait.until(ExpectedConditions.urlContains("/callback?code="));
			assertThat(browser.findElement(By.tagName("body")).getText()).contains("Signed in");

			String line = output.readLine();
			assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
			assertThat(client.exitValue()).as("see gateway/target/oauth-browser-sign-in.log; stdout: " + line).isZero();
			Map<String, Object> seen = BrowserlessSignIn.parse(line);
			assertThat(seen.get("registered")).isEqualTo(true);
			assertThat(((String) seen.get("scope")).split(" ")).containsExactlyInAnyOrder("payments:read", "refunds:write",
					"payments:write");
			assertThat((List<String>) seen.get("tools")).as("every scope approved: every demo tool")
				.containsExactlyInAnyOrder("get_balance", "list_payment_intents", "get_payment_intent", "create_refund",
						"cancel_payment_intent");
			assertThat((String) seen.get("result")).contains("\"x-mcp-edge-auth-method\" : \"oauth\"")
				.contains("\"x-mcp-edge-principal\" : \"alice\"")
				.contains("\"x-mcp-edge-organization-id\" : \"org_demo\"")
				.contains("\"authorization_header_received\" : false");
		}
		finally {
			browser.quit();
			client.destroy();
		}
	}
}
