package dev.mcpedge.gateway.dev.identity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.HeadlessChromium;
import dev.mcpedge.gateway.support.NodeClients;
import dev.mcpedge.gateway.support.Poll;
import dev.mcpedge.gateway.support.Ports;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "With the MCP Inspector, in a browser" steps, as a newcomer follows them: the gateway
 * started with nothing configured, the MCP Inspector (the npm package, pinned in
 * {@code src/test/inspector/package.json}) started with the OAuth endpoint's URL, and headless Chromium on
 * the Inspector's page: switch the server on, sign in as alice on the development identity provider,
 * read the consent page (the Inspector's own name and callback), approve, open Tools, run
 * {@code get_balance} with {@code api_test_mode} ticked, and see what the demo MCP server received:
 * alice of {@code org_demo} signed in with OAuth, and no {@code Authorization} header.
 */
class InspectorBrowserTests {

	private static final int PORT = Ports.free();

	private static final String ENDPOINT = "http://localhost:" + PORT + "/api/mcp/oauth";

	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static DevelopmentIdentityProvider provider;

	private static Process inspector;

	private static String inspectorUrl;

	@BeforeAll
	static void start() throws Exception {
		NodeClients.installInspector();
		ConfigurableApplicationContext gateway = gateways.start("--server.port=" + PORT);
		provider = gateway.getBean(DevelopmentIdentityProvider.class);
		int page = Ports.free();
		inspector = NodeClients.startInspector(Map.of("CLIENT_PORT", Integer.toString(page), "MCP_SANDBOX_PORT",
				Integer.toString(Ports.free()), "MCP_AUTO_OPEN_ENABLED", "false", "MCP_INSPECTOR_SECRET_STORE", "memory"),
				"--transport", "http", "--server-url", ENDPOINT);
		Path log = Path.of(NodeClients.log("inspector"));
		Pattern url = Pattern.compile("http://127\\.0\\.0\\.1:" + page + "\\?MCP_INSPECTOR_API_TOKEN=[0-9a-f]+");
		Poll.timeUntil(Duration.ofSeconds(60), () -> found(log, url) != null || !inspector.isAlive());
		inspectorUrl = found(log, url);
		assertThat(inspectorUrl).as("the Inspector's address in gateway/" + log).isNotNull();
	}

	@AfterAll
	static void stop() {
		if (inspector != null) {
			inspector.descendants().forEach(ProcessHandle::destroy);
			inspector.destroy();
		}
		gateways.close();
	}

	@Test
	void inspectorWhenUserSignsInAndApprovesThenRunsToolsAsTheUsersOrganization() {
		WebDriver browser = HeadlessChromium.start();
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
			browser.get(inspectorUrl);
			WebElement server = wait.until(ExpectedConditions
				.presenceOfElementLocated(By.cssSelector("input[aria-label^='Connect or disconnect']")));
			assertThat(browser.findElement(By.tagName("body")).getText()).contains(ENDPOINT);
			click(browser, server);

			DemoUser alice = provider.users().get(0);
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(alice.username());
			browser.findElement(By.id("password")).sendKeys(alice.password());
			browser.findElement(By.cssSelector("button[type=submit]")).click();

			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("submit-consent")));
			assertThat(browser.findElement(By.id("client-name")).getText()).isEqualTo("MCP Inspector");
			assertThat(browser.findElement(By.id("redirect-uris")).getText()).contains("/oauth/callback");
			List<WebElement> scopes = browser.findElements(By.cssSelector("input[name=scope]"));
			assertThat(scopes).extracting(scope -> scope.getAttribute("value"))
				.containsExactlyInAnyOrder("payments:read", "refunds:write", "payments:write");
			scopes.forEach(WebElement::click);
			browser.findElement(By.id("submit-consent")).click();

			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Connected"));
			click(browser, browser.findElement(By.xpath("//label[normalize-space()='Tools']")));
			click(browser, wait.until(ExpectedConditions
				.presenceOfElementLocated(By.xpath("//button[normalize-space()='get_balance']"))));
			WebElement testMode = wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath(
					"//*[normalize-space(text())='api_test_mode']/ancestor::*[.//input[@type='checkbox']][1]//input[@type='checkbox']")));
			click(browser, testMode);
			click(browser, browser.findElement(By.xpath("//button[normalize-space()='Execute Tool']")));

			wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "received_headers"));
			assertThat(browser.findElement(By.tagName("body")).getText()).contains("\"api_test_mode\": true")
				.contains("\"x-mcp-edge-auth-method\": \"oauth\"")
				.contains("\"x-mcp-edge-principal\": \"alice\"")
				.contains("\"x-mcp-edge-organization-id\": \"org_demo\"")
				.contains("\"x-mcp-edge-mode\": \"test\"")
				.contains("\"authorization_header_received\": false");
		}
		finally {
			browser.quit();
		}
	}

	/** A click through the page's script: the Inspector's switches and tabs hide their inputs under styled labels. */
	private static void click(WebDriver browser, WebElement element) {
		((JavascriptExecutor) browser).executeScript("arguments[0].click()", element);
	}

	private static String found(Path log, Pattern pattern) {
		try {
			Matcher matcher = pattern.matcher(Files.exists(log) ? Files.readString(log) : "");
			return matcher.find() ? matcher.group() : null;
		}
		catch (java.io.IOException ex) {
			return null;
		}
	}
}
