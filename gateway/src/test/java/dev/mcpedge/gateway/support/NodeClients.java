package dev.mcpedge.gateway.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real MCP clients of {@code src/test/node}, run with Node. Without {@code node} and {@code npm}
 * on the PATH a test using them is skipped, except in CI (environment {@code CI=true}), where it
 * fails. The locked packages are installed with {@code npm ci} when one the test needs is missing,
 * so a checkout whose {@code node_modules} predates a new client gets it too.
 */
public final class NodeClients {

	private static final Path DIRECTORY = Path.of("src", "test", "node");

	private static final Path INSPECTOR = Path.of("src", "test", "inspector");

	private static final String INSPECTOR_PACKAGE = "@modelcontextprotocol/inspector";

	private NodeClients() {
	}

	/** Skips the calling test without Node (outside CI) and installs the packages when one is missing. */
	public static void install(String... packages) throws IOException, InterruptedException {
		install(DIRECTORY, "ci", packages);
	}

	/**
	 * As {@link #install}, for the MCP Inspector of {@code src/test/inspector}, with {@code npm install}
	 * from its lock file: one of its optional dependencies is not on the registry, which {@code npm ci}
	 * refuses.
	 */
	public static void installInspector() throws IOException, InterruptedException {
		install(INSPECTOR, "install", INSPECTOR_PACKAGE);
	}

	private static void install(Path directory, String command, String... packages)
			throws IOException, InterruptedException {
		boolean ci = "true".equals(System.getenv("CI"));
		boolean node = runs("node", "--version") && runs("npm", "--version");
		assertThat(node || !ci).as("CI must have node and npm for this test").isTrue();
		Assumptions.assumeTrue(node, "node and npm are not on the PATH: skipping the TypeScript client test");
		boolean missing = false;
		for (String name : packages) {
			missing |= !Files.isRegularFile(directory.resolve("node_modules").resolve(name).resolve("package.json"));
		}
		if (missing) {
			Process npm = new ProcessBuilder("npm", command, "--no-audit", "--no-fund", "--loglevel=error")
				.directory(directory.toFile()).redirectErrorStream(true).start();
			String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
			assertThat(npm.exitValue()).as("npm " + command + ": " + output).isZero();
		}
	}

	/**
	 * Runs a script of {@code src/test/node} and returns what it printed; its error output goes to
	 * {@code target/<script>.log} so the build output stays quiet.
	 */
	public static String run(String script, String... arguments) throws IOException, InterruptedException {
		Process node = start(script, arguments);
		String log = log(script);
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		assertThat(node.waitFor(60, TimeUnit.SECONDS)).as(script + " did not finish within 60 s").isTrue();
		assertThat(node.exitValue()).as(script + " failed, see gateway/" + log + "; stdout: " + output).isZero();
		return output;
	}

	/**
	 * Starts a script of {@code src/test/node} for a test that talks with it through its output while it
	 * runs; its error output goes to {@code target/<script>.log}.
	 */
	public static Process start(String script, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(List.of("node", script));
		command.addAll(List.of(arguments));
		return new ProcessBuilder(command).directory(DIRECTORY.toFile())
			.redirectError(ProcessBuilder.Redirect.appendTo(new File(log(script))))
			.start();
	}

	/**
	 * Starts the MCP Inspector of {@code src/test/inspector} with {@code environment} added to this
	 * one's; all it prints goes to {@link #log(String) target/inspector.log}, written anew.
	 */
	public static Process startInspector(Map<String, String> environment, String... arguments) throws IOException {
		List<String> command = new ArrayList<>(
				List.of("node", "node_modules/" + INSPECTOR_PACKAGE + "/clients/launcher/build/index.js"));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(INSPECTOR.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(new File(log("inspector"))));
		builder.environment().putAll(environment);
		return builder.start();
	}

	/** Where the output of {@code script} goes, relative to the gateway module. */
	public static String log(String script) {
		return "target/" + script.replaceFirst("\\.mjs$", "") + ".log";
	}

	private static boolean runs(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			process.getInputStream().readAllBytes();
			return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException | InterruptedException ex) {
			return false;
		}
	}
}
