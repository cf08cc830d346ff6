package dev.mcpedge.gateway;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.TestRedis;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyFormat;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** What clients and the backend see when MCP traffic with API keys goes through the gateway. */
class ApiKeyProxyIntegrationTests extends GatewayTestSupport {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}""";

	private static final String ACCEPT = "application/json, text/event-stream";

	@Test
	void postWhenNoCredentialThen401WithRealmChallengeAndNothingForwarded() {
		client.post().uri("/api/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mcp-edge\"")
			.expectHeader().exists("X-Request-Id")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().json("{\"error\":\"unauthorized\"}", true);
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void postWhenUnknownKeyThen401InvalidToken() {
		String neverIssued = new ApiKeyFormat("mcp_live_", "mcp_test_").generate(Mode.TEST);
		McpClient.of(client).bearer(neverIssued).send(INITIALIZE)
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"mcp-edge\", error=\"invalid_token\", error_description=\"API key is not valid\"")
			.expectBody().json("{\"error\":\"unauthorized\",\"error_description\":\"API key is not valid\"}", true);
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void postWhenChecksumWrongThen401WithoutAnyRedisCall() {
		String key = (String) createKey("org_a", "test", List.of()).get("key");
		String mistyped = key.substring(0, key.length() - 7) + (key.charAt(key.length() - 7) == 'a' ? 'b' : 'a')
				+ key.substring(key.length() - 6);
		long before = TestRedis.calls("get");
		McpClient.of(client).bearer(mistyped).send(INITIALIZE)
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, ".*error=\"invalid_token\".*checksum.*")
			.expectBody().jsonPath("$.error").isEqualTo("unauthorized");
		assertThat(TestRedis.calls("get")).as("no key lookup").isEqualTo(before);
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void postWhenKeyUsedAgainThenServedFromCacheWithoutRedis() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(202)));
		String key = (String) createKey("org_a", "test", List.of()).get("key");
		for (int i = 0; i < 2; i++) {
			McpClient.of(client).bearer(key).send(INITIALIZE).expectStatus().isAccepted();
		}
		long before = TestRedis.calls("get");
		for (int i = 0; i < 5; i++) {
			McpClient.of(client).bearer(key).send(INITIALIZE).expectStatus().isAccepted();
		}
		assertThat(TestRedis.calls("get")).as("no key lookup").isEqualTo(before);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).hasSize(7);
	}

	/** Opens a session through the edge, as a client does, so that the edge knows its owner. */
	private void openSession(String key, String sessionId) {
		StubMapping opening = backend.stubFor(post("/mcp").atPriority(1)
			.withHeader("X-Test-Open-Session", equalTo(sessionId))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withHeader("Mcp-Session-Id", sessionId)
				.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}")));
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).header("Accept", ACCEPT)
			.header("X-Test-Open-Session", sessionId)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isOk();
		backend.removeStub(opening);
		backend.resetRequests();
	}

	@Test
	void postWhenValidKeyThenBackendGetsBodyMcpHeadersAndIdentityButNoCredentialOrSpoofedIdentity() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("Mcp-Session-Id", "session-from-backend")
			.withHeader("X-Request-Id", "set-by-backend")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}")));
		Map<String, Object> created = createKey("org_a", "test", List.of());
		String key = (String) created.get("key");
		openSession(key, "session-1");

		EntityExchangeResult<byte[]> result = client.post().uri("/api/mcp")
			.header("Authorization", "Bearer " + key)
			.header("Accept", ACCEPT)
			.header("Mcp-Session-Id", "session-1")
			.header("Mcp-Protocol-Version", "2025-06-18")
			.header("X-MCP-Edge-Principal", "key_spoofed")
			.header("X-MCP-Edge-Mode", "live")
			.header("X-MCP-Edge-Scopes", "admin:*")
			.header("X-Request-Id", "chosen-by-client")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("Mcp-Session-Id", "session-from-backend")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}", true)
			.returnResult();

		List<LoggedRequest> received = backend.findAll(anyRequestedFor(anyUrl()));
		assertThat(received).hasSize(1);
		LoggedRequest request = received.get(0);
		assertThat(request.getUrl()).isEqualTo("/mcp");
		assertThat(request.getBodyAsString()).isEqualTo(INITIALIZE);
		assertThat(request.containsHeader("Authorization")).isFalse();
		assertThat(request.getHeader("Accept")).isEqualTo(ACCEPT);
		assertThat(request.getHeader("Mcp-Session-Id")).isEqualTo("session-1");
		assertThat(request.getHeader("Mcp-Protocol-Version")).isEqualTo("2025-06-18");
		assertThat(request.getHeaders().getHeader("X-MCP-Edge-Principal").values()).containsExactly((String) created.get("id"));
		assertThat(request.getHeaders().getHeader("X-MCP-Edge-Mode").values()).containsExactly("test");
		assertThat(request.getHeader("X-MCP-Edge-Auth-Method")).isEqualTo("api_key");
		assertThat(request.getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_a");
		assertThat(request.getHeaders().getHeader("X-MCP-Edge-Scopes").values()).as("no scopes held").containsExactly("");
		assertThat(request.getHeaders().getHeader("X-MCP-Edge-Access").values()).as("a key without scopes: full access")
			.containsExactly("full");
		String requestId = result.getResponseHeaders().getFirst("X-Request-Id");
		assertThat(requestId).matches("[0-9a-f]{32}");
		assertThat(request.getHeaders().getHeader("X-Request-Id").values()).containsExactly(requestId);
	}

	@Test
	void postWhenKeyHasScopesThenBackendGetsThem() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(202)));
		String key = (String) createKey(Map.of("organizationId", "org_a", "mode", "live", "scopes",
				List.of("payments:read", "refunds:write"))).get("key");
		McpClient.of(client).bearer(key).send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
			.expectStatus().isAccepted();
		LoggedRequest request = backend.findAll(anyRequestedFor(anyUrl())).get(0);
		assertThat(request.getHeader("X-MCP-Edge-Scopes")).isEqualTo("payments:read refunds:write");
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
	}

	@Test
	void getAndDeleteWhenValidKeyThenProxiedWithSessionAndLastEventId() {
		backend.stubFor(get("/mcp").willReturn(aResponse().withStatus(405).withHeader("Allow", "POST, DELETE")));
		backend.stubFor(delete("/mcp").willReturn(aResponse().withStatus(204)));
		String key = (String) createKey("org_a", "test", List.of()).get("key");
		openSession(key, "s-1");
		client.get().uri("/api/mcp").header("Authorization", "Bearer " + key)
			.header("Accept", "text/event-stream").header("Mcp-Session-Id", "s-1").header("Last-Event-ID", "41")
			.exchange()
			.expectStatus().isEqualTo(405)
			.expectHeader().valueEquals("Allow", "POST, DELETE");
		client.delete().uri("/api/mcp").header("Authorization", "Bearer " + key).header("Mcp-Session-Id", "s-1")
			.exchange()
			.expectStatus().isNoContent()
			.expectHeader().exists("X-Request-Id");
		List<LoggedRequest> received = backend.findAll(anyRequestedFor(anyUrl()));
		assertThat(received).extracting(r -> r.getMethod().getName()).containsExactly("GET", "DELETE");
		assertThat(received.get(0).getHeader("Last-Event-ID")).isEqualTo("41");
		assertThat(received.get(0).getHeader("Accept")).isEqualTo("text/event-stream");
		assertThat(received).allSatisfy(r -> {
			assertThat(r.getHeader("Mcp-Session-Id")).isEqualTo("s-1");
			assertThat(r.containsHeader("Authorization")).isFalse();
		});
	}

	@Test
	void postWhenKeyRevokedAfterUseThenRefusedOnNextRequest() {
		backend.stubFor(any(urlEqualTo("/mcp")).willReturn(aResponse().withStatus(202)));
		Map<String, Object> created = createKey("org_a", "test", List.of());
		String key = (String) created.get("key");
		McpClient.of(client).bearer(key).send(INITIALIZE).expectStatus().isAccepted();

		client.post().uri("/admin/keys/{id}/revoke", created.get("id"))
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("revoked");

		McpClient.of(client).bearer(key).send(INITIALIZE)
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, ".*error=\"invalid_token\".*revoked.*")
			.expectBody().jsonPath("$.error_description").isEqualTo("API key has been revoked");
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
	}

	@Test
	void postWhenTwoAuthorizationHeadersThen400AndNothingForwarded() {
		String key = (String) createKey("org_a", "test", List.of()).get("key");
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key, "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void postWhenKeyInQueryStringThen400AndNothingForwarded() {
		String key = (String) createKey("org_a", "test", List.of()).get("key");
		client.post().uri("/api/mcp?api_key={key}", key)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").value(d -> assertThat((String) d).doesNotContain(key));
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void postWhenOrganizationHeaderNamesAllowedOrganizationThenBackendActsForIt() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(202)));
		String key = (String) createKey("org_a", "live", List.of("org_b")).get("key");
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).header("X-Organization-Id", "org_b")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isAccepted();
		assertThat(backend.findAll(anyRequestedFor(anyUrl())).get(0).getHeader("X-MCP-Edge-Organization-Id"))
			.isEqualTo("org_b");
	}

	@Test
	void postWhenOrganizationHeaderNamesOtherOrganizationThen403AccessDenied() {
		String key = (String) createKey("org_a", "live", List.of("org_b")).get("key");
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).header("X-Organization-Id", "org_c")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isForbidden()
			.expectHeader().exists("X-Request-Id")
			.expectBody().json("{\"detail\":\"Access denied\"}", true);
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void postWhenBackendSendsErrorStatusThenClientGetsItUnchanged() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(404)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}")));
		String key = (String) createKey("org_a", "test", List.of()).get("key");
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).header("Mcp-Session-Id", "gone")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE)
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().exists("X-Request-Id")
			.expectBody().jsonPath("$.error.message").isEqualTo("Session not found");
	}

	@Test
	void requestWhenPathUnknownThenJson404WithRequestId() {
		client.get().uri("/api/other")
			.exchange()
			.expectStatus().isNotFound()
			.expectHeader().exists("X-Request-Id")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().jsonPath("$.error").isEqualTo("not_found");
		assertThat(backend.getAllServeEvents()).isEmpty();
	}
}
