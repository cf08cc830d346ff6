package dev.mcpedge.gateway.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo MCP server speaks Streamable HTTP the way MCP clients expect. */
class DemoMcpServerTests {

	private static DemoMcpServer server;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		server = DemoMcpServer.start(JsonMapper.builder().build());
		client = WebTestClient.bindToServer().baseUrl(server.uri().toString()).build();
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static String initialize() {
		return client.post().contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\"}}")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.protocolVersion").isEqualTo("2025-03-26")
			.jsonPath("$.result.capabilities.tools").exists()
			.returnResult().getResponseHeaders().getFirst("Mcp-Session-Id");
	}

	@Test
	void pingAndNotificationWhenSessionKnownThenResultAnd202() {
		String session = initialize();
		assertThat(session).isNotBlank();
		client.post().header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
			.exchange().expectStatus().isAccepted().expectBody().isEmpty();
		client.post().header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"}")
			.exchange().expectStatus().isOk()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}", true);
	}

	@Test
	void toolsCallWhenClientAcceptsSseThenAnsweredAsOneSseEventEchoingArguments() {
		String session = initialize();
		String body = client.post().header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header("X-Custom", "seen")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\",\"arguments\":{\"payment_intent\":\"pi_9\",\"api_test_mode\":true}}}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType("text/event-stream")
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).startsWith("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":")
			.contains("\\\"payment_intent\\\" : \\\"pi_9\\\"")
			.contains("\\\"x-custom\\\" : \\\"seen\\\"")
			.contains("\\\"livemode\\\" : false")
			.endsWith("\n\n");
	}

	@Test
	void toolsListWhenCalledThenReadAndWriteToolsWithAnnotations() {
		String session = initialize();
		client.post().header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.tools[?(@.name=='get_balance')].annotations.readOnlyHint").isEqualTo(true)
			.jsonPath("$.result.tools[?(@.name=='cancel_payment_intent')].annotations.destructiveHint").isEqualTo(true)
			.jsonPath("$.result.tools[?(@.name=='create_refund')].annotations.readOnlyHint").isEqualTo(false);
	}

	@Test
	void postWhenSessionMissingOrUnknownThen400Or404() {
		client.post().contentType(MediaType.APPLICATION_JSON).bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().expectStatus().isBadRequest();
		client.post().header("Mcp-Session-Id", "nope").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().expectStatus().isNotFound()
			.expectBody().jsonPath("$.error.code").isEqualTo(-32001);
	}

	@Test
	void deleteWhenSessionKnownThenEndedAndLaterRequests404() {
		String session = initialize();
		client.delete().header("Mcp-Session-Id", session).exchange().expectStatus().isNoContent();
		client.post().header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
			.exchange().expectStatus().isNotFound();
	}

	@Test
	void initializeWhenNoProtocolVersionThenLatestOffered() {
		client.post().contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().exists("Mcp-Session-Id")
			.expectBody().jsonPath("$.result.protocolVersion").isEqualTo("2025-11-25");
	}

	@Test
	void getWhenCalledThen405SinceNoStandaloneStream() {
		client.get().exchange().expectStatus().isEqualTo(405).expectHeader().valueEquals("Allow", "POST, DELETE");
	}

	@Test
	void postWhenMalformedJsonOrUnknownMethodThenJsonRpcErrors() {
		client.post().contentType(MediaType.APPLICATION_JSON).bodyValue("{nope")
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error.code").isEqualTo(-32700);
		String session = initialize();
		client.post().header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/list\"}")
			.exchange().expectStatus().isOk()
			.expectBody().jsonPath("$.error.code").isEqualTo(-32601);
	}

	@Test
	void postWhenBatchThenArrayOfAnswersForRequestsOnly() {
		String session = initialize();
		client.post().header("Mcp-Session-Id", session).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"},"
					+ "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"}}]")
			.exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.length()").isEqualTo(2)
			.jsonPath("$[0].id").isEqualTo(1)
			.jsonPath("$[1].result.isError").isEqualTo(false);
	}

	private static final String MODERN_META = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
			+ "\"io.modelcontextprotocol/clientCapabilities\":{}}";

	private static WebTestClient.RequestBodySpec modern(String method) {
		return client.post().contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header("MCP-Protocol-Version", "2026-07-28")
			.header("Mcp-Method", method);
	}

	@Test
	void serverDiscoverWhenNoSessionThenModernAndLegacyVersionsWithResultType() {
		modern("server/discover")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"server/discover\",\"params\":{" + MODERN_META + "}}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().doesNotExist("Mcp-Session-Id")
			.expectBody()
			.jsonPath("$.result.supportedVersions[0]").isEqualTo("2026-07-28")
			.jsonPath("$.result.supportedVersions[?(@ == '2025-06-18')]").exists()
			.jsonPath("$.result.capabilities.tools").exists()
			.jsonPath("$.result._meta['io.modelcontextprotocol/serverInfo'].name").isEqualTo("mcp-edge-demo")
			.jsonPath("$.result.resultType").isEqualTo("complete");
	}

	@Test
	void toolsListWhen2026HeaderThenNoSessionNeededAndCacheHintsWithResultType() {
		modern("tools/list")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{" + MODERN_META + "}}")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.tools[?(@.name=='get_balance')].inputSchema.properties.api_test_mode").exists()
			.jsonPath("$.result.ttlMs").isEqualTo(60000)
			.jsonPath("$.result.cacheScope").isEqualTo("public")
			.jsonPath("$.result.resultType").isEqualTo("complete");
	}

	@Test
	void toolsCallWhen2026OnlyInMetaThenStatelessSseResultWithResultType() {
		String body = client.post().contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\","
					+ "\"arguments\":{\"api_test_mode\":true}," + MODERN_META + "}}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().contentType("text/event-stream")
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).startsWith("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":")
			.contains("\\\"livemode\\\" : false")
			.contains("\"isError\":false,\"resultType\":\"complete\"}");
	}

	@Test
	void notificationWhen2026ThenAcceptedWithoutSession() {
		modern("notifications/cancelled")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":1}}")
			.exchange().expectStatus().isAccepted().expectBody().isEmpty();
	}

	@Test
	void requestWhen2026HeadersDisagreeWithBodyThen400HeaderMismatch() {
		modern("tools/call").header("Mcp-Name", "create_refund")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"," + MODERN_META + "}}")
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error.code").isEqualTo(-32020);
		modern("tools/list")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"," + MODERN_META + "}}")
			.exchange().expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error.code").isEqualTo(-32020);
		modern("tools/call").header("Mcp-Name", "=?base64?Z2V0X2JhbGFuY2U=?=")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"," + MODERN_META + "}}")
			.exchange().expectStatus().isOk();
	}

	@Test
	void requestWhenUnknownModernVersionThen400ListingSupportedVersions() {
		client.post().contentType(MediaType.APPLICATION_JSON).header("MCP-Protocol-Version", "2099-01-01")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"server/discover\"}")
			.exchange().expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error.code").isEqualTo(-32022)
			.jsonPath("$.error.data.supported[0]").isEqualTo("2026-07-28")
			.jsonPath("$.error.data.requested").isEqualTo("2099-01-01");
	}

	@Test
	void initializeWhen2025ThenTheBytesTheReadmeQuickStartShows() {
		client.post().contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
			.header("MCP-Protocol-Version", "2025-06-18")
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
					+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().exists("Mcp-Session-Id")
			.expectBody(String.class).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\","
					+ "\"capabilities\":{\"tools\":{\"listChanged\":false}},\"serverInfo\":{\"name\":\"mcp-edge-demo\",\"version\":\"0.1.0\"},"
					+ "\"instructions\":\"A demo payments server. Every tool result echoes what the server received from the gateway.\"}}");
	}

	@Test
	void toolsListWhen2025SessionThenNoRevision2026Fields() {
		String session = initialize();
		client.post().header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-03-26")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}")
			.exchange().expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.tools").isNotEmpty()
			.jsonPath("$.result.resultType").doesNotExist()
			.jsonPath("$.result.cacheScope").doesNotExist();
	}
}
