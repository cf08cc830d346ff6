package dev.mcpedge.gateway;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code mcp-edge.backend.test-url}, test keys reach the sandbox only, live keys the live backend only. */
@EdgeIntegrationTest(sandbox = true,
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=sandbox-admin-token-0123456789" })
class SandboxIntegrationTests {

	@Autowired
	@Qualifier("backend")
	TestBackend live;

	@Autowired
	TestBackend sandbox;

	@LocalServerPort
	int port;

	private WebTestClient client;

	@BeforeEach
	void reset() {
		for (TestBackend server : List.of(live, sandbox)) {
			server.resetAll();
			server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json").withHeader("Mcp-Session-Id", session)
				.withBody(McpJson.EMPTY_RESULT)));
		}
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	/** The session the backend opens on the ping, which the DELETE then ends. */
	private final String session = "s-" + java.util.UUID.randomUUID();

	private String key(String mode) {
		return new AdminClient(client, "sandbox-admin-token-0123456789").key("org_sandbox", mode);
	}

	private void ping(String key) {
		McpClient.of(client).path("/api/mcp?trace=1").bearer(key).ping().expectStatus().isOk();
		client.delete().uri("/api/mcp").header("Authorization", "Bearer " + key).header("Mcp-Session-Id", session)
			.exchange().expectStatus().isOk();
	}

	@Test
	void testKeyWhenSandboxConfiguredThenEveryRequestGoesThereWithItsPath() {
		ping(key("test"));
		assertOnlyReached(sandbox, live, "POST /sandbox/mcp?trace=1", "DELETE /sandbox/mcp");
	}

	@Test
	void liveKeyWhenSandboxConfiguredThenOnlyTheLiveBackend() {
		ping(key("live"));
		assertOnlyReached(live, sandbox, "POST /mcp?trace=1", "DELETE /mcp");
	}

	/** Asserts that {@code reached} received exactly {@code requests} (method and URL) and {@code other} nothing. */
	private static void assertOnlyReached(TestBackend reached, TestBackend other, String... requests) {
		assertThat(other.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(reached.findAll(anyRequestedFor(anyUrl()))).extracting(r -> r.getMethod().getName() + " " + r.getUrl())
			.containsExactly(requests);
	}
}
