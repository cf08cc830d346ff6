package dev.mcpedge.gateway.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.dev.identity.DemoUser;
import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.HeadlessChromium;
import dev.mcpedge.gateway.support.Ports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key dashboard in a real browser (headless Chromium), against the gateway started with nothing
 * configured: alice signs in on the development identity provider's page, creates a key, sees its
 * secret once and a {@code claude mcp add} line, the key calls a tool through {@code /api/mcp}; she
 * revokes it after the confirmation page and the next call is refused. And the secret page's copy
 * button (its script allowed by the Content-Security-Policy) puts the key on the clipboard, the Cursor
 * JSON is valid; rolling with a one-hour grace period gives a new secret while the old one still works;
 * signing out ends the session and the identity provider's, so the dashboard asks for the password again.
 */
class DashboardBrowserTests {

	private static final int PORT = Ports.free();

	private static final String BASE = "http://localhost:" + PORT;

	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static final JsonMapper json = JsonMapper.builder().build();

	private static DevelopmentIdentityProvider provider;

	@BeforeAll
	static void start() {
		provider = gateways.start("--server.port=" + PORT).getBean(DevelopmentIdentityProvider.class);
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void aliceWhenSignedInThenCreatesAKeyUsesItAndRevokesIt() {
		WebDriver browser = HeadlessChromium.start();
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
			signIn(browser, wait, "alice");

			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key"))).click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("name"))).sendKeys("browser key");
			browser.findElement(By.cssSelector("#new-key button[type=submit]")).click();

			String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret"))).getText();
			assertThat(secret).startsWith("mcp_live_");
			assertThat(browser.findElement(By.id("claude")).getText()).isEqualTo("claude mcp add --transport http mcp-edge "
					+ BASE + "/api/mcp --header \"Authorization: Bearer " + secret + "\"");
			assertThat(ApiKeyCalls.callTool(BASE + "/api/mcp", secret).statusCode()).isEqualTo(200);

			browser.get(BASE + "/dashboard");
			WebElement row = wait.until(ExpectedConditions
				.visibilityOfElementLocated(By.xpath("//table[@id='keys']//tr[td[1][text()='browser key']]")));
			assertThat(browser.getPageSource()).doesNotContain(secret);
			row.findElement(By.linkText("Revoke")).click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#revoke button[type=submit]"))).click();

			wait.until(ExpectedConditions.urlToBe(BASE + "/dashboard"));
			assertThat(browser.findElement(By.xpath("//table[@id='keys']//tr[td[1][text()='browser key']]")).getText())
				.contains("REVOKED");
			assertThat(ApiKeyCalls.callTool(BASE + "/api/mcp", secret).statusCode()).isEqualTo(401);

			// the development defaults keep the audit stream: the page shows who did what, out of the box
			browser.navigate().refresh();
			String activity = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit"))).getText();
			assertThat(activity).contains("key.created").contains("key.revoked").contains("alice")
				.contains("get_balance").doesNotContain(secret);
		}
		finally {
			browser.quit();
		}
	}

	@Test
	void aliceWhenSignedInThenCopiesANewKeyRollsItWithAGracePeriodAndSignsOut() throws Exception {
		ChromeDriver browser = (ChromeDriver) HeadlessChromium.start();
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
			browser.executeCdpCommand("Browser.grantPermissions",
					Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
			signIn(browser, wait, "alice");
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key"))).click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.name("name"))).sendKeys("rolled in a browser");
			browser.findElement(By.cssSelector("#new-key button[type=submit]")).click();

			String secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("secret"))).getText();
			WebElement copy = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("copy-secret")));
			copy.click();
			wait.until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
			assertThat(browser.executeAsyncScript("navigator.clipboard.readText().then(arguments[0])")).isEqualTo(secret);
			assertThat(json.readValue(browser.findElement(By.id("cursor")).getText(), Map.class))
				.isEqualTo(Map.of("mcpServers", Map.of("mcp-edge",
						Map.of("url", BASE + "/api/mcp", "headers", Map.of("Authorization", "Bearer " + secret)))));

			browser.get(BASE + "/dashboard");
			wait.until(ExpectedConditions
				.visibilityOfElementLocated(By.xpath("//table[@id='keys']//tr[td[1][text()='rolled in a browser']]")))
				.findElement(By.linkText("Roll"))
				.click();
			wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#roll input[value='1h']"))).click();
			browser.findElement(By.cssSelector("#roll button[type=submit]")).click();

			assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("heading"))).getText())
				.isEqualTo("API key rolled");
			String rolled = browser.findElement(By.id("secret")).getText();
			assertThat(rolled).startsWith("mcp_live_").isNotEqualTo(secret);
			assertThat(ApiKeyCalls.callTool(BASE + "/api/mcp", rolled).statusCode()).isEqualTo(200);
			assertThat(ApiKeyCalls.callTool(BASE + "/api/mcp", secret).statusCode()).as("inside the grace period").isEqualTo(200);

			browser.findElement(By.cssSelector("#sign-out button[type=submit]")).click();
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
			assertThat(browser.getCurrentUrl()).isEqualTo(provider.issuer() + "/login");
			browser.get(BASE + "/dashboard");
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
			assertThat(browser.getCurrentUrl()).as("signed out: the password is asked again").isEqualTo(provider.issuer() + "/login");
		}
		finally {
			browser.quit();
		}
	}

	/** Opens the dashboard and signs in on the development identity provider's login page. */
	private static void signIn(WebDriver browser, WebDriverWait wait, String username) {
		DemoUser user = DashboardBrowser.user(provider, username);
		browser.get(BASE + "/dashboard");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(user.username());
		browser.findElement(By.id("password")).sendKeys(user.password());
		browser.findElement(By.cssSelector("button[type=submit]")).click();
	}
}
