package dev.mcpedge.gateway;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code mcp-edge.backend.test-url}, test keys reach the sandbox only, live keys the live backend only. */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=sandbox-admin-token-0123456789" })
class SandboxIntegrationTests {

	private static final WireMockServer live = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private static final WireMockServer sandbox = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	static {
		live.start();
		sandbox.start();
	}

	@LocalServerPort
	int port;

	private WebTestClient client;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + live.port() + "/mcp");
		registry.add("mcp-edge.backend.test-url", () -> "http://127.0.0.1:" + sandbox.port() + "/sandbox/mcp");
	}

	@AfterAll
	static void stop() {
		live.stop();
		sandbox.stop();
	}

	@BeforeEach
	void reset() {
		for (WireMockServer server : new WireMockServer[] { live, sandbox }) {
			server.resetAll();
			server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json").withHeader("Mcp-Session-Id", session)
				.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
		}
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	/** The session the backend opens on the ping, which the DELETE then ends. */
	private final String session = "s-" + java.util.UUID.randomUUID();

	private String key(String mode) {
		return (String) client.post().uri("/admin/keys").header("Authorization", "Bearer sandbox-admin-token-0123456789")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("organizationId", "org_sandbox", "mode", mode))
			.exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key");
	}

	private void ping(String key) {
		client.post().uri("/api/mcp?trace=1").header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").exchange().expectStatus().isOk();
		client.delete().uri("/api/mcp").header("Authorization", "Bearer " + key).header("Mcp-Session-Id", session)
			.exchange().expectStatus().isOk();
	}

	@Test
	void testKeyWhenSandboxConfiguredThenEveryRequestGoesThereWithItsPath() {
		ping(key("test"));
		assertThat(live.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(sandbox.findAll(anyRequestedFor(anyUrl()))).extracting(r -> r.getMethod().getName() + " " + r.getUrl())
			.containsExactly("POST /sandbox/mcp?trace=1", "DELETE /sandbox/mcp");
	}

	@Test
	void liveKeyWhenSandboxConfiguredThenOnlyTheLiveBackend() {
		ping(key("live"));
		assertThat(sandbox.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(live.findAll(anyRequestedFor(anyUrl()))).extracting(r -> r.getMethod().getName() + " " + r.getUrl())
			.containsExactly("POST /mcp?trace=1", "DELETE /mcp");
	}
}
