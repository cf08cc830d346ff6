package dev.mcpedge.gateway.support;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser for tests: Debian's headless Chromium driven through its {@code chromedriver} by
 * Selenium WebDriver, both from the system (never downloaded by Selenium Manager). Without them a test
 * using it is skipped, except in CI (environment {@code CI=true}), where it fails; {@code .ci/run}
 * installs them. Quiet: the driver's and Selenium's own output is discarded.
 */
public final class HeadlessChromium {

	private static final Path BROWSER = Path.of("/usr/bin/chromium");

	private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	/** A new browser session; {@link WebDriver#quit()} it when done. */
	public static WebDriver start() {
		boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
		assertThat(installed || !"true".equals(System.getenv("CI"))).as("CI must have chromium and chromium-driver")
			.isTrue();
		Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed: skipping the browser test");
		Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.withLogOutput(OutputStream.nullOutputStream())
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
				"--disable-extensions");
		// pages of the identity provider link a stylesheet from a CDN the machine may not reach
		options.setPageLoadStrategy(PageLoadStrategy.EAGER);
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
		return driver;
	}
}
