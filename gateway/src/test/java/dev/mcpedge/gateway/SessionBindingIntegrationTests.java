package dev.mcpedge.gateway;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Mcp-Session-Id} bound to the identity that opened it, against a real redis-server and a
 * WireMock backend that opens a session on {@code initialize}: another key presenting it gets 404 and
 * the backend sees nothing of it; the owner goes on; its {@code DELETE} forgets it; a second instance
 * holds the same binding.
 */
class SessionBindingIntegrationTests extends GatewayTestSupport {

	private static final String OK = """
			{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}""";

	/** A second gateway on the same Redis and backend, started by the one test that needs it. */
	private static final GatewayInstances others = new GatewayInstances(ADMIN_TOKEN)
		.set("mcp-edge.public-url", "https://mcp.example.com/edge");

	private static ConfigurableApplicationContext other;

	private String sessionId;

	private String keyA;

	private String keyB;

	@BeforeEach
	void backendOpensSessionsAndTwoKeys() {
		sessionId = "session-" + UUID.randomUUID();
		backend.stubFor(post("/mcp").withRequestBody(matchingJsonPath("$.method", equalTo("initialize")))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withHeader("Mcp-Session-Id", sessionId)
				.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
						+ "\"serverInfo\":{\"name\":\"wiremock\",\"version\":\"1\"}}}")));
		backend.stubFor(post("/mcp").withHeader("Mcp-Session-Id", equalTo(sessionId))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(OK)));
		backend.stubFor(delete("/mcp").willReturn(aResponse().withStatus(200)));
		keyA = (String) createKey("org_sessions", "test", List.of()).get("key");
		keyB = (String) createKey("org_sessions", "test", List.of()).get("key");
	}

	@AfterAll
	static void stopOtherInstance() {
		others.close();
	}

	@Test
	void sessionWhenPresentedByAnotherKeyThen404AndBackendSeesNothingAndOwnerGoesOn() {
		String session = initialize(client, keyA);
		backend.resetRequests();

		sendToolsList(client, keyB, session)
			.expectStatus().isNotFound()
			.expectBody()
			.jsonPath("$.jsonrpc").isEqualTo("2.0")
			.jsonPath("$.id").isEqualTo(2)
			.jsonPath("$.error.code").isEqualTo(-32001)
			.jsonPath("$.error.message").isEqualTo("Session not found");
		client.get().uri("/api/mcp").header("Authorization", "Bearer " + keyB).header("Mcp-Session-Id", session)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus().isNotFound()
			.expectBody()
			.jsonPath("$.error").isEqualTo("not_found");
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).as("the backend saw nothing of B").isEmpty();

		assertThat(toolsList(client, keyA, session)).isEqualTo(200);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
		assertThat(backend.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("Mcp-Session-Id")).isEqualTo(session);
	}

	@Test
	void sessionWhenNeverSeenByTheEdgeThen404SoTheClientStartsANewOne() {
		backend.resetRequests();
		assertThat(toolsList(client, keyA, "never-opened-" + UUID.randomUUID())).isEqualTo(404);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void sessionWhenSameKeyActsForAnotherOrganizationThen404() {
		String key = (String) createKey("org_sessions", "test", List.of("org_second")).get("key");
		String session = initialize(client, key);
		backend.resetRequests();
		sendToolsList(client, key, session, "X-Organization-Id", "org_second")
			.expectStatus().isNotFound();
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(toolsList(client, key, session)).as("its own organization").isEqualTo(200);
	}

	@Test
	void deleteByOwnerThenSessionForgotten() {
		String session = initialize(client, keyA);
		client.delete().uri("/api/mcp").header("Authorization", "Bearer " + keyB).header("Mcp-Session-Id", session)
			.exchange().expectStatus().isNotFound();
		assertThat(toolsList(client, keyA, session)).as("B's DELETE changed nothing").isEqualTo(200);

		client.delete().uri("/api/mcp").header("Authorization", "Bearer " + keyA).header("Mcp-Session-Id", session)
			.exchange().expectStatus().isOk();
		backend.resetRequests();
		assertThat(toolsList(client, keyA, session)).isEqualTo(404);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void sessionOpenedOnOneInstanceThenBoundOnTheOther() {
		WebTestClient second = otherInstance();
		String session = initialize(client, keyA);
		backend.resetRequests();
		sendToolsList(second, keyB, session)
			.expectStatus().isNotFound();
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
		assertThat(toolsList(second, keyA, session)).isEqualTo(200);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()).withHeader("Mcp-Session-Id", containing(session))))
			.hasSize(1);
	}

	private static String initialize(WebTestClient client, String key) {
		return McpClient.of(client).bearer(key).acceptingStreams().initialize("2025-06-18")
			.expectStatus().isOk()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getFirst("Mcp-Session-Id");
	}

	/** {@code tools/list} (id 2) in {@code session} with {@code key} and any more headers, as an MCP client sends it. */
	private static WebTestClient.ResponseSpec sendToolsList(WebTestClient client, String key, String session,
			String... headers) {
		return McpClient.of(client).bearer(key).header("Mcp-Session-Id", session).headers(headers).acceptingStreams()
			.send(McpJson.request(2, "tools/list"));
	}

	private static int toolsList(WebTestClient client, String key, String session) {
		return sendToolsList(client, key, session)
			.returnResult(Void.class)
			.getStatus()
			.value();
	}

	private WebTestClient otherInstance() {
		if (other == null) {
			other = others.set("mcp-edge.backend.url", backend.mcpUrl()).start("--mcp-edge.rate-limits.enabled=false");
		}
		return GatewayInstances.client(other);
	}
}
