package dev.mcpedge.gateway.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/** The key command line on the gateway's Redis, checked against a running gateway. */
class KeyCommandLineIntegrationTests extends GatewayTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private record Result(int exit, String out, String err) {
		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return JSON.readValue(out, Map.class);
		}
	}

	private static Result keys(String stdin, String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--spring.data.redis.url=" + TestRedis.url());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = KeyCommandLine.run(all.toArray(String[]::new),
				new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true),
				new PrintStream(err, true));
		return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	private int status(String key) {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(202)));
		return client.post().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
			.exchange().returnResult(Void.class).getStatus().value();
	}

	private int statusWithin(String key, int expected, Duration within) throws InterruptedException {
		long deadline = System.nanoTime() + within.toNanos();
		int status;
		while ((status = status(key)) != expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		return status;
	}

	@Test
	void createListGetRollRevokeThenTheRunningGatewayFollows() throws InterruptedException {
		Result created = keys("", "create", "--organization-id", "org_cli", "--mode", "live", "--name", "ci bot", "--scopes",
				"payments:read,refunds:write");
		assertThat(created.exit()).as(created.err()).isZero();
		Map<String, Object> record = created.json();
		String id = (String) record.get("id");
		String secret = (String) record.get("key");
		assertThat(record).containsEntry("mode", "live").containsEntry("name", "ci bot")
			.containsEntry("scopes", List.of("payments:read", "refunds:write"));
		assertThat(status(secret)).isEqualTo(202);

		Result listed = keys("", "list", "--organization-id", "org_cli");
		assertThat(listed.exit()).isZero();
		assertThat(listed.out()).contains(id).doesNotContain(secret);
		Result got = keys("", "get", id);
		assertThat(got.json()).containsEntry("id", id).doesNotContainKey("key");

		Result rolled = keys("", "roll", id, "--grace-period", "PT0S");
		String newSecret = (String) rolled.json().get("key");
		assertThat(newSecret).startsWith("mcp_live_").isNotEqualTo(secret);
		assertThat(statusWithin(secret, 401, Duration.ofSeconds(1))).isEqualTo(401);
		assertThat(status(newSecret)).isEqualTo(202);

		Result revoked = keys("", "revoke", id);
		assertThat(revoked.json()).containsEntry("status", "revoked");
		assertThat(statusWithin(newSecret, 401, Duration.ofSeconds(1))).isEqualTo(401);
	}

	@Test
	void importWhenSecretOnStandardInputThenItWorksAndNeverAppearsInOutput() {
		String secret = "legacy-cli-secret-" + System.nanoTime();
		Result imported = keys(secret + "\n", "import", "--organization-id", "org_cli", "--mode", "test", "--key", "-");
		assertThat(imported.exit()).as(imported.err()).isZero();
		assertThat(imported.out()).doesNotContain(secret);
		assertThat(imported.json()).containsEntry("mode", "test").containsEntry("organizationId", "org_cli");
		assertThat(status(secret)).isEqualTo(202);
	}

	@Test
	void commandWhenRefusedOrMisusedThenMessageOnStandardErrorAndExitCode() {
		Result unknownKey = keys("", "get", "key_nope");
		assertThat(unknownKey.exit()).isEqualTo(1);
		assertThat(unknownKey.err()).contains("no key with id key_nope");
		assertThat(unknownKey.out()).isEmpty();

		Result badMode = keys("", "create", "--organization-id", "org_cli", "--mode", "staging");
		assertThat(badMode.exit()).isEqualTo(2);
		assertThat(badMode.err()).contains("--mode must be test or live");

		Result unknownOption = keys("", "create", "--organization-id", "org_cli", "--scope", "x");
		assertThat(unknownOption.exit()).isEqualTo(2);
		assertThat(unknownOption.err()).contains("unknown option --scope");

		Result unknownCommand = keys("", "frobnicate");
		assertThat(unknownCommand.exit()).isEqualTo(2);
		assertThat(unknownCommand.err()).contains("unknown command: frobnicate").contains("usage:");
	}

	@Test
	void commandWhenRedisUnreachableThenExit3Quickly() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = KeyCommandLine.run(new String[] { "list", "--organization-id", "org_cli",
				"--spring.data.redis.url=redis://127.0.0.1:1" }, new ByteArrayInputStream(new byte[0]),
				new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
		assertThat(exit).isEqualTo(3);
		assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Redis could not be reached");
	}
}
