package dev.mcpedge.gateway;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;
import dev.mcpedge.gateway.support.TestIssuer;
import dev.mcpedge.gateway.support.TestRedis;
import dev.mcpedge.policy.ToolHints;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §5 through the gateway: what the backend receives (byte for byte), or that it receives
 * nothing, for every test-mode and scope case, with real keys and real signed tokens.
 */
@EdgeIntegrationTest(issuer = true,
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=policy-admin-token-0123456789",
				"mcp-edge.policy.read-tools=get_*,list_*", "mcp-edge.policy.write-tools=create_refund,cancel_*",
				"mcp-edge.policy.tool-scopes.get_balance=payments:read",
				"mcp-edge.policy.tool-scopes.get_refund=refunds:read",
				"mcp-edge.policy.tool-scopes.create_refund=refunds:write",
				"mcp-edge.policy.tool-scopes.[cancel_*]=payments:write",
				"mcp-edge.policy.tool-scopes.[learned_*]=payments:read",
				"mcp-edge.policy.allowed-origins=https://app.example.com", "mcp-edge.policy.max-body-size=4KB" })
@SuppressWarnings("unchecked")
class PolicyIntegrationTests {

	private static final String OAUTH_RESOURCE = "https://mcp.example.com/api/mcp/oauth";

	@Autowired
	TestIssuer issuer;

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	@Autowired
	ReactiveStringRedisTemplate redis;

	private WebTestClient client;

	private String testKey;

	private String liveKey;

	@BeforeEach
	void keysAndBackend() {
		backend.resetToEmptyResult();
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		testKey = key("test");
		liveKey = key("live");
	}

	private String key(String mode) {
		return new AdminClient(client, "policy-admin-token-0123456789").key("org_policy", mode);
	}

	private String token(Consumer<JWTClaimsSet.Builder> change) {
		return issuer.token(OAUTH_RESOURCE, change);
	}

	private static String call(Object id, String tool, String arguments) {
		return McpJson.toolCall(id, tool, arguments);
	}

	private WebTestClient.ResponseSpec send(String path, String bearer, String body, String... headers) {
		return McpClient.of(client).path(path).bearer(bearer).headers(headers).send(body);
	}

	private LoggedRequest forwarded() {
		LoggedRequest request = backend.onlyRequest();
		assertThat(request.getHeader("Content-Length")).isEqualTo(Integer.toString(request.getBody().length));
		return request;
	}

	private void nothingForwarded() {
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	private void toolError(WebTestClient.ResponseSpec response, Object id, String text) {
		response.expectStatus().isOk()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\""
					+ text + "\"}],\"isError\":true}}", true);
		nothingForwarded();
	}

	// ---- API keys ----

	@Test
	void testKeyWhenArgumentAbsentThenInsertedAsTrueAndNothingElseChanges() {
		send("/api/mcp", testKey, call(1, "create_refund", "{\"payment_intent\":\"pi_1\",\"note\":\"é ✓\"}")).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString())
			.isEqualTo(call(1, "create_refund", "{\"payment_intent\":\"pi_1\",\"note\":\"é ✓\",\"api_test_mode\":true}"));
	}

	@Test
	void testKeyWhenNoArgumentsOrEmptyArgumentsThenInserted() {
		send("/api/mcp", testKey, call(2, "get_refund", null)).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo(call(2, "get_refund", "{\"api_test_mode\":true}"));
		backend.resetRequests();
		send("/api/mcp", testKey, call(3, "get_refund", "{}")).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo(call(3, "get_refund", "{\"api_test_mode\":true}"));
	}

	@Test
	void testKeyWhenTrueThenForwardedUnchangedAndWhenFalseThenRefused() {
		String body = call(4, "create_refund", "{ \"api_test_mode\" : true }");
		send("/api/mcp", testKey, body).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo(body);
		backend.resetRequests();
		toolError(send("/api/mcp", testKey, call("\"x\"", "create_refund", "{\"api_test_mode\":false}")), "\"x\"",
				"This is a test key: it can only work on test data. Pass api_test_mode: true or omit it.");
	}

	@Test
	void liveKeyWhenAbsentThenFalseInsertedWhenFalseUnchangedWhenTrueRefused() {
		send("/api/mcp", liveKey, call(5, "get_balance", "{}")).expectStatus().isOk();
		LoggedRequest request = forwarded();
		assertThat(request.getBodyAsString()).isEqualTo(call(5, "get_balance", "{\"api_test_mode\":false}"));
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
		backend.resetRequests();
		String unchanged = call(6, "get_balance", "{\"api_test_mode\":false}");
		send("/api/mcp", liveKey, unchanged).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo(unchanged);
		backend.resetRequests();
		toolError(send("/api/mcp", liveKey, call(7, "get_balance", "{\"api_test_mode\":true}")), 7,
				"This is a live key: it works on live data only. Pass api_test_mode: false or omit it; use a test key for test data.");
	}

	@Test
	void keyWhenArgumentNotBooleanThenRefused() {
		toolError(send("/api/mcp", testKey, call(8, "get_balance", "{\"api_test_mode\":\"true\"}")), 8,
				"api_test_mode must be a boolean: true for test data, false for live data.");
	}

	@Test
	void unknownToolWhenUnrestrictedKeyThenTreatedAsWriteAndStillGetsTheKeysMode() {
		send("/api/mcp", testKey, call(9, "mystery_tool", "{}")).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo(call(9, "mystery_tool", "{\"api_test_mode\":true}"));
	}

	@Test
	void otherMethodsWhenKeyThenForwardedUnchanged() {
		String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"params\":{}}";
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}")));
		send("/api/mcp", testKey, body).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo(body);
	}

	// ---- OAuth ----

	@Test
	void oauthReadToolWhenAbsentThenLiveInsertedAndModeHeaderSet() {
		send("/api/mcp/oauth", token(c -> {
		}), call(10, "get_balance", "{}")).expectStatus().isOk();
		LoggedRequest request = forwarded();
		assertThat(request.getBodyAsString()).isEqualTo(call(10, "get_balance", "{\"api_test_mode\":false}"));
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
	}

	@Test
	void oauthWriteToolWhenExplicitThenForwardedWithThatModeElseRefused() {
		String token = token(c -> {
		});
		String test = call(11, "create_refund", "{\"api_test_mode\":true}");
		send("/api/mcp/oauth", token, test).expectStatus().isOk();
		LoggedRequest request = forwarded();
		assertThat(request.getBodyAsString()).isEqualTo(test);
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("test");
		backend.resetRequests();
		send("/api/mcp/oauth", token, call(12, "create_refund", "{\"api_test_mode\":false}")).expectStatus().isOk();
		assertThat(forwarded().getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
		backend.resetRequests();
		toolError(send("/api/mcp/oauth", token, call(13, "create_refund", "{}")), 13,
				"The tool create_refund changes data, so api_test_mode must be given explicitly: true to work on test data, false for live data.");
		toolError(send("/api/mcp/oauth", token, call(14, "create_refund", "{\"api_test_mode\":1}")), 14,
				"api_test_mode must be a boolean: true for test data, false for live data.");
	}

	@Test
	void oauthWhenScopeMissingThen403InsufficientScopeNamingEveryScopeNeeded() {
		send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:read")), call(15, "create_refund", "{\"api_test_mode\":true}"))
			.expectStatus().isForbidden()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", scope=\"refunds:write\", "
					+ "resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp/oauth\"")
			.expectBody().jsonPath("$.detail").isEqualTo("Access denied").jsonPath("$.scope").isEqualTo("refunds:write");
		nothingForwarded();
	}

	@Test
	void oauthWhenWriteScopeThenImpliesReadButWildcardIsLiteralUnlessTheIssuerEnablesIt() {
		send("/api/mcp/oauth", token(c -> c.claim("scope", "refunds:write")), call(16, "get_refund", "{}")).expectStatus().isOk();
		backend.resetRequests();
		// wildcard-scopes is off by default (OAuthHardeningIntegrationTests has the issuer that enables it)
		send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:*")),
				call(17, "cancel_payment_intent", "{\"api_test_mode\":true}")).expectStatus().isForbidden();
		nothingForwarded();
	}

	@Test
	void oauthWhenToolHasNoScopeMappingThenRefusedClosed() {
		send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:* refunds:*")), call(18, "mystery_tool", "{\"api_test_mode\":true}"))
			.expectStatus().isForbidden()
			.expectBody().json("{\"detail\":\"Access denied\",\"error_description\":\"no scope grants the tool mystery_tool\"}", true);
		nothingForwarded();
	}

	// ---- tools/list ----

	private static final String TOOLS = """
			{"jsonrpc":"2.0","id":1,"result":{"tools":[\
			{"name":"get_balance","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true}},\
			{"name":"create_refund","inputSchema":{"type":"object","properties":{"amount":{"type":"integer"}},\
			"required":["amount"]},"annotations":{"readOnlyHint":false,"destructiveHint":false}},\
			{"name":"mystery_tool","inputSchema":{"type":"object"}},\
			{"name":"learned_report","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true}}]}}""";

	private static final String LIST = McpJson.TOOLS_LIST;

	@Test
	void toolsListWhenJsonThenOnlyCallableToolsEachDeclaringTestMode() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(TOOLS)));
		send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:read")), LIST)
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.tools[*].name").value(names -> assertThat((List<Object>) names).containsExactly("get_balance", "learned_report"))
			.jsonPath("$.result.tools[0].inputSchema.properties.api_test_mode.type").isEqualTo("boolean")
			.jsonPath("$.result.tools[0].inputSchema.required").doesNotExist();
		send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:read refunds:write")), LIST)
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.tools[?(@.name=='create_refund')].inputSchema.required[*]")
			.value(required -> assertThat((List<Object>) required).containsExactly("amount", "api_test_mode"))
			.jsonPath("$.result.tools[?(@.name=='create_refund')].inputSchema.properties.amount.type").isEqualTo("integer");
	}

	@Test
	void toolsListWhenKeyThenEveryToolAndArgumentOptional() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(TOOLS)));
		send("/api/mcp", testKey, LIST)
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.tools.length()").isEqualTo(4)
			.jsonPath("$.result.tools[1].inputSchema.required[*]").value(required -> assertThat((List<Object>) required).containsExactly("amount"))
			.jsonPath("$.result.tools[1].inputSchema.properties.api_test_mode.description")
			.value(d -> assertThat((String) d).contains("test key"));
	}

	@Test
	void toolsListWhenBackendCompressesAnywayThenErrorRatherThanAnUnfilteredList() throws Exception {
		java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
		try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
			gzip.write(TOOLS.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		}
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withHeader("Content-Encoding", "gzip").withBody(gzipped.toByteArray())));
		send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:read")), LIST)
			.expectStatus().isEqualTo(502)
			.expectHeader().doesNotExist("Content-Encoding")
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603}}");
		assertThat(forwarded().containsHeader("Accept-Encoding")).as("the edge asked for an uncompressed answer").isFalse();
	}

	@Test
	void toolsListWhenSseThenTheEventIsRewrittenToo() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody("event: message\nid: 7\ndata: " + TOOLS + "\n\n")));
		String events = send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:read")), LIST, "Accept",
				"application/json, text/event-stream")
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(events).startsWith("event: message\nid: 7\ndata: {").endsWith("\n\n")
			.contains("\"get_balance\"").contains("\"learned_report\"").contains("\"api_test_mode\"")
			.doesNotContain("create_refund").doesNotContain("mystery_tool");
	}

	@Test
	void learnedReadOnlyHintWhenToolNotConfiguredThenOAuthCallDefaultsToLiveAndHintIsShared() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(TOOLS)));
		send("/api/mcp", liveKey, LIST).expectStatus().isOk();
		String backendName = "http://127.0.0.1:" + backend.port() + "/mcp";
		assertThat(TestRedis.hashValue(ToolHints.hash(backendName), "learned_report")).isEqualTo("1");
		assertThat(TestRedis.hashValue(ToolHints.hash(backendName), "create_refund")).isEqualTo("0");
		assertThat(new ToolHints(redis, true).readOnly(backendName, List.of("learned_report", "create_refund", "never_listed")).block())
			.as("what another instance learns from Redis").containsOnly(Map.entry("learned_report", true), Map.entry("create_refund", false));
		backend.resetAll();
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
		send("/api/mcp/oauth", token(c -> c.claim("scope", "payments:read")), call(20, "learned_report", "{}"))
			.expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo(call(20, "learned_report", "{\"api_test_mode\":false}"));
	}

	// ---- reading messages ----

	@Test
	void batchWhenOneElementRefusedThenNothingSentAndEachAnswered() {
		String batch = "[" + call(1, "get_balance", "{\"api_test_mode\":false}") + ",{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}]";
		send("/api/mcp", testKey, batch)
			.expectStatus().isOk()
			.expectBody().json("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"isError\":true}},"
					+ "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32000}}]");
		nothingForwarded();
	}

	@Test
	void batchWhenAllowedThenInsertionsInEachCall() {
		String batch = "[" + call(1, "get_balance", "{}") + "," + call(2, "get_refund", null) + "]";
		send("/api/mcp", testKey, batch).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).isEqualTo("[" + call(1, "get_balance", "{\"api_test_mode\":true}") + ","
				+ call(2, "get_refund", "{\"api_test_mode\":true}") + "]");
	}

	@Test
	void duplicateNameMemberThen400InvalidRequest() {
		send("/api/mcp", liveKey, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\","
				+ "\"name\":\"create_refund\",\"arguments\":{}}}")
			.expectStatus().isBadRequest()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,"
					+ "\"message\":\"Invalid Request: duplicate member name in the message\"}}", true);
		nothingForwarded();
	}

	@Test
	void malformedOrNotJsonRpcThen400WithTheirCodes() {
		send("/api/mcp", liveKey, "{\"jsonrpc\":").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error.code").isEqualTo(-32700).jsonPath("$.id").isEmpty();
		send("/api/mcp", liveKey, "{\"hello\":\"world\"}").expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error.code").isEqualTo(-32600);
		nothingForwarded();
	}

	@Test
	void mcpHeadersWhenDisagreeingWithBodyThen400AndWhenAgreeingThenForwarded() {
		send("/api/mcp", liveKey, call(1, "get_balance", "{}"), "Mcp-Method", "tools/call", "Mcp-Name", "create_refund")
			.expectStatus().isBadRequest()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32020}}");
		send("/api/mcp", liveKey, call(1, "get_balance", "{}"), "Mcp-Method", "tools/list").expectStatus().isBadRequest();
		nothingForwarded();
		send("/api/mcp", liveKey, call(1, "get_balance", "{}"), "Mcp-Method", "tools/call", "Mcp-Name", "get_balance")
			.expectStatus().isOk();
		assertThat(forwarded().getHeader("Mcp-Name")).isEqualTo("get_balance");
	}

	@Test
	void bodyOverTheLimitThen413WhetherDeclaredOrStreamed() {
		String big = call(1, "get_balance", "{\"pad\":\"" + "x".repeat(5000) + "\"}");
		send("/api/mcp", liveKey, big).expectStatus().isEqualTo(413)
			.expectBody().jsonPath("$.error").isEqualTo("payload_too_large");
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + liveKey).contentType(MediaType.APPLICATION_JSON)
			.body(reactor.core.publisher.Flux.just(big.substring(0, 3000), big.substring(3000)), String.class)
			.exchange().expectStatus().isEqualTo(413);
		nothingForwarded();
	}

	@Test
	void originWhenNotAllowedThen403AndWhenAllowedThenForwarded() {
		send("/api/mcp", liveKey, call(1, "get_balance", "{}"), "Origin", "https://evil.example.com")
			.expectStatus().isForbidden()
			.expectBody().json("{\"error\":\"forbidden\",\"error_description\":\"Origin not allowed\"}", true);
		nothingForwarded();
		send("/api/mcp", liveKey, call(1, "get_balance", "{}"), "Origin", "https://app.example.com").expectStatus().isOk();
		forwarded();
	}

	@Test
	void invalidToolCallParamsThen400InvalidParams() {
		send("/api/mcp", liveKey, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"arguments\":{}}}")
			.expectStatus().isBadRequest()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602}}");
		send("/api/mcp", liveKey, call(4, "get_balance", "[1]")).expectStatus().isBadRequest();
		nothingForwarded();
	}
}
