package dev.mcpedge.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.RawHttp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on what the backend receives, sent byte for byte: headers that remove other headers,
 * forwarded and hop-by-hop headers, protocol upgrades, and bodies on methods the policy does not read.
 */
class TransportAttacksIntegrationTests extends GatewayTestSupport {

	private static final String PING = McpJson.PING;

	private static final String REFUND = """
			{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":\
			"create_refund","arguments":{"api_test_mode":false}}}""";

	/** A test-mode key of {@code organizationId} limited to {@code payment_intents:read}. */
	private Map<String, Object> scopedTestKey(String organizationId) {
		return createKey(Map.of("organizationId", organizationId, "mode", "test", "scopes", List.of("payment_intents:read")));
	}

	/** Request headers for a JSON body with this bearer; more can be added. */
	private static Map<String, String> jsonWithBearer(String key) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + key);
		headers.put("Content-Type", "application/json");
		return headers;
	}

	@BeforeEach
	void backendAnswers() {
		backend.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody(McpJson.EMPTY_RESULT)));
	}

	@Test
	void connectionHeaderWhenItNamesTheIdentityHeadersThenBackendStillGetsEveryOneFromTheEdge() throws Exception {
		Map<String, Object> key = scopedTestKey("org_conn");
		Map<String, String> headers = jsonWithBearer((String) key.get("key"));
		headers.put("Connection", "keep-alive, X-MCP-Edge-Scopes, X-MCP-Edge-Mode, X-MCP-Edge-Organization-Id, "
				+ "X-MCP-Edge-Access, X-MCP-Edge-Principal, X-MCP-Edge-Auth-Method, X-Request-Id");
		headers.put("x-mcp-edge-access", "full");
		headers.put("X-Mcp-Edge-Scopes", "*");
		RawHttp.Response response = RawHttp.exchange(port, "POST", "/api/mcp", headers, PING);
		assertThat(response.status()).isEqualTo(200);

		LoggedRequest received = onlyRequest();
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Auth-Method").values()).containsExactly("api_key");
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Principal").values()).containsExactly((String) key.get("id"));
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Organization-Id").values()).containsExactly("org_conn");
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Scopes").values()).containsExactly("payment_intents:read");
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Access").values()).containsExactly("scoped");
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Mode").values()).containsExactly("test");
		assertThat(received.getHeaders().getHeader("X-Request-Id").values()).containsExactly(response.header("X-Request-Id"));
		assertThat(received.containsHeader("Authorization")).isFalse();
	}

	@Test
	void identityHeaderWhenSentInAnotherSpellingThenDroppedBeforeTheBackend() throws Exception {
		Map<String, Object> key = scopedTestKey("org_spell");
		Map<String, String> headers = jsonWithBearer((String) key.get("key"));
		headers.put("X_MCP_Edge_Access", "full");
		headers.put("x_mcp_edge_scopes", "*");
		headers.put("X-MCP_EDGE-Principal", "key_admin");
		headers.put("X_MCP_EDGE_MODE", "live");
		headers.put("x-mcp-edge-organization_id", "org_victim");
		headers.put("X_Request_Id", "chosen-by-client");
		assertThat(RawHttp.exchange(port, "POST", "/api/mcp", headers, PING).status()).isEqualTo(200);

		LoggedRequest received = onlyRequest();
		assertThat(received.getAllHeaderKeys()).as("no spelling of an identity header but the edge's own")
			.noneMatch(name -> name.contains("_"));
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Access").values()).containsExactly("scoped");
		assertThat(received.getHeaders().getHeader("X-MCP-Edge-Principal").values()).containsExactly((String) key.get("id"));
	}

	@Test
	void webSocketUpgradeWhenValidKeyThen400AndNoTunnel() throws Exception {
		String key = (String) createKey(Map.of("organizationId", "org_ws", "mode", "test", "scopes", List.of("payments:read")))
			.get("key");
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + key);
		headers.put("Connection", "Upgrade");
		headers.put("Upgrade", "websocket");
		headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
		headers.put("Sec-WebSocket-Version", "13");
		RawHttp.Response response = RawHttp.exchange(port, "GET", "/api/mcp", headers, null);
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).contains("do not upgrade the protocol");
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).as("no tunnel to the backend").isEmpty();
	}

	@Test
	void upgradeWhenH2cOrConnectionUpgradeThen400() throws Exception {
		String key = (String) createKey("org_h2c", "live", List.of()).get("key");
		for (Map<String, String> upgrade : List.of(Map.of("Upgrade", "h2c", "HTTP2-Settings", "AAMAAABkAAQAAP__"),
				Map.of("HTTP2-Settings", "AAMAAABkAAQAAP__"), Map.of("Connection", "keep-alive, Upgrade"))) {
			Map<String, String> headers = new LinkedHashMap<>(upgrade);
			headers.put("Authorization", "Bearer " + key);
			headers.put("Content-Type", "application/json");
			assertThat(RawHttp.exchange(port, "POST", "/api/mcp", headers, PING).status()).as(upgrade.toString()).isEqualTo(400);
		}
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void bodyWhenGetOrDeleteThen400AndBackendSeesNothing() throws Exception {
		String key = (String) createKey(Map.of("organizationId", "org_body", "mode", "test", "scopes", List.of("payments:read")))
			.get("key");
		Map<String, String> override = Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json",
				"X-HTTP-Method-Override", "POST");
		for (String method : List.of("GET", "DELETE")) {
			RawHttp.Response response = RawHttp.exchange(port, method, "/api/mcp", override, REFUND);
			assertThat(response.status()).as(method).isEqualTo(400);
			assertThat(response.body()).as(method).contains("a body is accepted only on POST");
		}
		Map<String, String> chunked = new LinkedHashMap<>(override);
		chunked.put("Transfer-Encoding", "chunked");
		RawHttp.Response response = RawHttp.exchangeFramed(port, "DELETE", "/api/mcp", chunked,
				Integer.toHexString(REFUND.length()) + "\r\n" + REFUND + "\r\n0\r\n\r\n");
		assertThat(response.status()).isEqualTo(400);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();

		assertThat(RawHttp.exchange(port, "DELETE", "/api/mcp", Map.of("Authorization", "Bearer " + key), null).status())
			.as("a DELETE without a body still ends a session").isEqualTo(200);
		assertThat(onlyRequest().getMethod().value()).isEqualTo("DELETE");
	}

	@Test
	void forwardedAndHopByHopHeadersWhenSentThenNeverPassedToTheBackend() throws Exception {
		Map<String, String> headers = jsonWithBearer((String) scopedTestKey("org_hops").get("key"));
		headers.put("Forwarded", "for=10.0.0.1;proto=https;by=203.0.113.9");
		headers.put("X-Forwarded-For", "10.0.0.1");
		headers.put("x-forwarded-host", "admin.example.com");
		headers.put("X-FORWARDED-PROTO", "https");
		headers.put("Keep-Alive", "timeout=5");
		headers.put("Proxy-Authorization", "Basic c2VjcmV0OnNlY3JldA==");
		headers.put("TE", "trailers");
		headers.put("Connection", "keep-alive, TE, X-Hop-Named");
		headers.put("X-Hop-Named", "dropped");
		headers.put("X-Forwarded", "kept: not an X-Forwarded-* header");
		headers.put("X-Client-Header", "kept");

		RawHttp.Response response = RawHttp.exchange(port, "POST", "/api/mcp", headers, PING);

		assertThat(response.status()).isEqualTo(200);
		LoggedRequest received = onlyRequest();
		for (String name : List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "Keep-Alive",
				"Proxy-Authorization", "TE", "Connection", "X-Hop-Named")) {
			assertThat(received.containsHeader(name)).as(name).isFalse();
		}
		assertThat(received.getHeader("X-Client-Header")).isEqualTo("kept");
		assertThat(received.getHeader("X-Forwarded")).isEqualTo("kept: not an X-Forwarded-* header");
	}

	@Test
	void hopByHopHeadersWhenTheBackendAnswersWithThemThenNeverPassedToTheClient() throws Exception {
		backend.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withHeader("Proxy-Authenticate", "Basic realm=\"backend\"")
			.withHeader("Keep-Alive", "timeout=600")
			.withHeader("X-Forwarded-For", "10.0.0.2")
			.withHeader("X-Backend-Header", "kept")
			.withBody(McpJson.EMPTY_RESULT)));

		RawHttp.Response response = RawHttp.exchange(port, "POST", "/api/mcp",
				jsonWithBearer((String) scopedTestKey("org_hops_back").get("key")), PING);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("Proxy-Authenticate")).isNull();
		assertThat(response.header("Keep-Alive")).isNull();
		assertThat(response.header("X-Backend-Header")).isEqualTo("kept");
		assertThat(response.header("X-Forwarded-For")).as("a response is not a request a proxy forwards").isEqualTo("10.0.0.2");
	}

	private LoggedRequest onlyRequest() {
		return backend.onlyRequest();
	}
}
