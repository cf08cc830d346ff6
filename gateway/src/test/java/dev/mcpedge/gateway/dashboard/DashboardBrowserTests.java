package dev.mcpedge.gateway.dashboard;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
 * revokes it after the confirmation page and the next call is refused.
 */
class DashboardBrowserTests {

	private static final int PORT = Ports.free();

	private static final String BASE = "http://localhost:" + PORT;

	private static final GatewayInstances gateways = GatewayInstances.bare();

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
		DemoUser alice = provider.users().stream().filter(u -> u.username().equals("alice")).findFirst().orElseThrow();
		WebDriver browser = HeadlessChromium.start();
		try {
			WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
			browser.get(BASE + "/dashboard");
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(alice.username());
			browser.findElement(By.id("password")).sendKeys(alice.password());
			browser.findElement(By.cssSelector("button[type=submit]")).click();

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
		}
		finally {
			browser.quit();
		}
	}
}
