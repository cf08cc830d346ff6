package dev.mcpedge.gateway;

import java.time.Duration;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.mcpedge.gateway.support.McpJson.request;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP 2026-07-28 through the gateway (DESIGN §10), against a WireMock backend: what the client sees
 * and what the backend receives, with 2025 requests unchanged. The response timeout is short (1 s)
 * so that a long {@code subscriptions/listen} stream shows it bounds only the time to headers.
 */
@EdgeIntegrationTest(
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=protocol-admin-token-0123456789",
				"mcp-edge.backend.response-timeout=1s", "mcp-edge.rate-limits.enabled=false" })
class Protocol20260728IntegrationTests {

	private static final String V2026 = "2026-07-28";

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	private WebTestClient client;

	private String liveKey;

	@BeforeEach
	void keyAndBackend() {
		backend.resetAll();
		answer("", "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resultType\":\"complete\",\"content\":[]}}");
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(15)).build();
		liveKey = new AdminClient(client, "protocol-admin-token-0123456789").key("org_v2026", "live");
	}

	/** The backend answers bodies containing {@code bodyPart} with this JSON. */
	private void answer(String bodyPart, String json) {
		backend.stubFor(post("/mcp").withRequestBody(containing(bodyPart)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody(json)));
	}

	private WebTestClient.ResponseSpec send(String body, String... headers) {
		return McpClient.of(client).bearer(liveKey).acceptingStreams().headers(headers).send(body);
	}

	private static String meta(String version) {
		return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + version + "\"}";
	}

	private LoggedRequest forwarded() {
		return backend.onlyRequest();
	}

	private void nothingForwarded() {
		assertThat(backend.received()).isEmpty();
	}

	/** Asserts the edge answered 400 with -32020 (a header disagrees with the body) and forwarded nothing. */
	private void assertRefusedAsMismatch(WebTestClient.ResponseSpec response, int id, String message) {
		response.expectStatus().isBadRequest()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32020,\"message\":\"" + message
					+ "\"}}", true);
		nothingForwarded();
	}

	@Test
	void resourcesReadWhenMcpNameIsTheUriThenForwardedUnchanged() {
		String body = request(8, "resources/read", "{\"uri\":\"file:///statements/2026-07.pdf\"," + meta(V2026) + "}");
		send(body, "MCP-Protocol-Version", V2026, "Mcp-Method", "resources/read", "Mcp-Name", "file:///statements/2026-07.pdf")
			.expectStatus().isOk();
		LoggedRequest request = forwarded();
		assertThat(request.getBodyAsString()).isEqualTo(body);
		assertThat(request.getHeader("Mcp-Name")).isEqualTo("file:///statements/2026-07.pdf");
	}

	@Test
	void resourcesReadWhenMcpNameIsNotTheUriThenRefusedWith32020() {
		String body = request(9, "resources/read", "{\"uri\":\"file:///statements/2026-07.pdf\",\"name\":\"other\"}");
		assertRefusedAsMismatch(send(body, "MCP-Protocol-Version", V2026, "Mcp-Method", "resources/read", "Mcp-Name", "other"),
				9, "Mcp-Name header does not match the uri in the body");
	}

	@Test
	void promptsGetWhenMcpNameIsTheNameThenForwarded() {
		send(request(10, "prompts/get", "{\"name\":\"summary\"}"), "Mcp-Method", "prompts/get", "Mcp-Name", "summary")
			.expectStatus().isOk();
		forwarded();
	}

	private static final String REFUSAL = "This is a live key: it works on live data only. Pass api_test_mode: false or omit it; "
			+ "use a test key for test data.";

	@Test
	void refusalWhen2026ByHeaderOrMetaThenResultTypeCompleteAndWhen2025ThenWithout() {
		String call = request(11, "tools/call", "{\"name\":\"get_balance\",\"arguments\":{\"api_test_mode\":true}}");
		String complete = "{\"jsonrpc\":\"2.0\",\"id\":11,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + REFUSAL
				+ "\"}],\"isError\":true,\"resultType\":\"complete\"}}";
		send(call, "MCP-Protocol-Version", V2026).expectStatus().isOk().expectBody().json(complete, true);
		String withMeta = request(11, "tools/call", "{\"name\":\"get_balance\",\"arguments\":{\"api_test_mode\":true},"
				+ meta(V2026) + "}");
		send(withMeta).expectStatus().isOk().expectBody().json(complete, true);
		send(call, "MCP-Protocol-Version", "2025-06-18").expectStatus().isOk().expectBody()
			.json("{\"jsonrpc\":\"2.0\",\"id\":11,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"" + REFUSAL
					+ "\"}],\"isError\":true}}", true)
			.jsonPath("$.result.resultType").doesNotExist();
		nothingForwarded();
	}

	@Test
	void toolsListWhenBackendSaysPublicThenPrivateWithTheSameTtl() {
		answer("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":12,\"result\":{\"resultType\":\"complete\",\"tools\":[{\"name\":\"get_balance\","
				+ "\"inputSchema\":{\"type\":\"object\"}}],\"ttlMs\":60000,\"cacheScope\":\"public\"}}");
		send(request(12, "tools/list", "{" + meta(V2026) + "}"), "MCP-Protocol-Version", V2026).expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.cacheScope").isEqualTo("private")
			.jsonPath("$.result.ttlMs").isEqualTo(60000)
			.jsonPath("$.result.resultType").isEqualTo("complete")
			.jsonPath("$.result.tools[0].name").isEqualTo("get_balance");
	}

	@Test
	void toolsListWhenBackendAllowsSharedHttpCachesThenPrivate() {
		backend.stubFor(post("/mcp").withRequestBody(containing("tools/list")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withHeader("Cache-Control", "public, max-age=60")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":18,\"result\":{\"tools\":[]}}")));
		send(request(18, "tools/list", "{}"), "MCP-Protocol-Version", "2025-06-18").expectStatus().isOk()
			.expectHeader().valueEquals("Cache-Control", "private");
	}

	@Test
	void toolsListWhen2025AndNoCacheScopeThenNoneAdded() {
		answer("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":13,\"result\":{\"tools\":[]}}");
		send(request(13, "tools/list", "{}"), "MCP-Protocol-Version", "2025-06-18").expectStatus().isOk()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":13,\"result\":{\"tools\":[]}}", true);
	}

	@Test
	void toolsListWhen2026AndNoCacheScopeThenPrivateAdded() {
		answer("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":14,\"result\":{\"resultType\":\"complete\",\"tools\":[]}}");
		send(request(14, "tools/list", "{}"), "MCP-Protocol-Version", V2026).expectStatus().isOk()
			.expectBody().jsonPath("$.result.cacheScope").isEqualTo("private").jsonPath("$.result.ttlMs").doesNotExist();
	}

	@Test
	void xMcpHeaderWhenEdgeInsertsTheArgumentThenItSetsTheMatchingHeaderAndRefusesADisagreeingOne() {
		answer("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":15,\"result\":{\"resultType\":\"complete\",\"tools\":[{\"name\":\"list_payouts\","
				+ "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"api_test_mode\":{\"type\":\"boolean\","
				+ "\"x-mcp-header\":\"Test-Mode\"}}}}]}}");
		send(request(15, "tools/list", "{}"), "MCP-Protocol-Version", V2026).expectStatus().isOk()
			.expectBody().jsonPath("$.result.tools[0].inputSchema.properties.api_test_mode.x-mcp-header").isEqualTo("Test-Mode");
		backend.resetRequests();

		send(request(16, "tools/call", "{\"name\":\"list_payouts\",\"arguments\":{}}"), "MCP-Protocol-Version", V2026,
				"Mcp-Method", "tools/call", "Mcp-Name", "list_payouts").expectStatus().isOk();
		LoggedRequest inserted = forwarded();
		assertThat(inserted.getBodyAsString())
			.isEqualTo(request(16, "tools/call", "{\"name\":\"list_payouts\",\"arguments\":{\"api_test_mode\":false}}"));
		assertThat(inserted.getHeader("Mcp-Param-Test-Mode")).isEqualTo("false");
		backend.resetRequests();

		String sent = request(17, "tools/call", "{\"name\":\"list_payouts\",\"arguments\":{\"api_test_mode\":false}}");
		send(sent, "MCP-Protocol-Version", V2026, "Mcp-Param-Test-Mode", "false").expectStatus().isOk();
		assertThat(forwarded().getHeader("Mcp-Param-Test-Mode")).isEqualTo("false");
		backend.resetRequests();

		String mismatched = request(18, "tools/call", "{\"name\":\"list_payouts\",\"arguments\":{}}");
		WebTestClient.ResponseSpec refused = send(mismatched, "MCP-Protocol-Version", V2026, "Mcp-Param-Test-Mode", "true");
		assertRefusedAsMismatch(refused, 18, "Mcp-Param-Test-Mode header does not match the arguments in the body");
	}

	@Test
	void xMcpHeaderWhenToolDeclaresNoneThenNoHeaderSet() {
		answer("tools/list", "{\"jsonrpc\":\"2.0\",\"id\":19,\"result\":{\"tools\":[{\"name\":\"list_disputes\","
				+ "\"inputSchema\":{\"type\":\"object\"}}]}}");
		send(request(19, "tools/list", "{}")).expectStatus().isOk();
		backend.resetRequests();
		send(request(20, "tools/call", "{\"name\":\"list_disputes\"}")).expectStatus().isOk();
		LoggedRequest request = forwarded();
		assertThat(request.getBodyAsString()).contains("\"api_test_mode\":false");
		assertThat(request.getHeader("Mcp-Param-Test-Mode")).isNull();
	}

	@Test
	void serverDiscoverPassesThroughUnchanged() {
		String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"discover-1\",\"result\":{\"resultType\":\"complete\",\"supportedVersions\":"
				+ "[\"2026-07-28\"],\"capabilities\":{\"tools\":{\"listChanged\":true}},\"ttlMs\":60000,\"cacheScope\":\"public\"}}";
		answer("server/discover", answer);
		String body = "{\"jsonrpc\":\"2.0\",\"id\":\"discover-1\",\"method\":\"server/discover\",\"params\":{" + meta(V2026)
				+ ",\"io.modelcontextprotocol/clientCapabilities\":{}}}";
		byte[] seen = send(body, "MCP-Protocol-Version", V2026, "Mcp-Method", "server/discover").expectStatus().isOk()
			.expectBody().returnResult().getResponseBody();
		assertThat(new String(seen, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(answer);
		assertThat(forwarded().getBodyAsString()).isEqualTo(body);
	}

	@Test
	void subscriptionsListenWhenTheStreamOutlivesTheResponseTimeoutThenItIsNotCut() {
		String events = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\"}\n\n"
				+ "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n"
				+ "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":21,\"result\":{\"resultType\":\"complete\"}}\n\n";
		backend.stubFor(post("/mcp").withRequestBody(containing("subscriptions/listen")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream").withBody(events).withChunkedDribbleDelay(6, 3000)));
		long start = System.nanoTime();
		byte[] seen = send(request(21, "subscriptions/listen", "{\"notifications\":{\"toolsListChanged\":true}," + meta(V2026) + "}"),
				"MCP-Protocol-Version", V2026, "Mcp-Method", "subscriptions/listen")
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody().returnResult().getResponseBody();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("longer than the 1 s response timeout")
			.isGreaterThan(Duration.ofMillis(2500));
		assertThat(new String(seen, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(events);
	}
}
