package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, findings 5, 8, 9 and 12, each performed as the attack: a sandbox or a flipping backend
 * teaching the edge that a write tool only reads, {@code tools/list} in a batch, and answers the
 * edge cannot read (other content types, too deep, too large, an SSE event of 20 MB) that must not
 * reach the caller unfiltered. Each test asserts what the caller sees and what the backend received.
 */
@EdgeIntegrationTest(sandbox = true, issuer = true,
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=hardening-admin-token-0123456789",
				"mcp-edge.policy.read-tools=get_*", "mcp-edge.policy.tool-scopes.get_balance=payments:read",
				"mcp-edge.policy.tool-scopes.[refund_*]=refunds:write", "mcp-edge.policy.tool-scopes.create_refund=refunds:write",
				"mcp-edge.policy.tool-scopes.secret_tool=admin:write", "mcp-edge.rate-limits.enabled=false" })
@SuppressWarnings("unchecked")
class ToolListHardeningIntegrationTests {

	private static final String OAUTH_RESOURCE = "https://mcp.example.com/api/mcp/oauth";

	private static final String ERROR = """
			{"jsonrpc":"2.0","id":1,"error":{"code":-32603,\
			"message":"Internal error: the edge could not read the server's tools/list answer"}}""";

	private static final String LIST = McpJson.TOOLS_LIST;

	@Autowired
	TestIssuer issuer;

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
		live.resetToEmptyResult();
		sandbox.resetToEmptyResult();
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
	}

	// ---- helpers ----

	private String key(String mode) {
		return new AdminClient(client, "hardening-admin-token-0123456789").key("org_hardening", mode);
	}

	private String oauth() {
		return issuer.token(OAUTH_RESOURCE, c -> c.claim("scope", "payments:read refunds:write"));
	}

	private WebTestClient.ResponseSpec send(String path, String bearer, String body) {
		return McpClient.of(client).path(path).bearer(bearer).acceptingStreams().send(body);
	}

	private static ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static String tool(String name, String annotations) {
		return "{\"name\":\"" + name + "\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"integer\"}}}"
				+ (annotations == null ? "" : ",\"annotations\":" + annotations) + "}";
	}

	private static String tools(Object id, String... tools) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[" + String.join(",", tools) + "]}}";
	}

	private static final String CALLABLE_AND_SECRET = tools(1, tool("get_balance", "{\"readOnlyHint\":true}"),
			tool("refund_payment", "{\"readOnlyHint\":false}"), tool("secret_tool", null));

	private static String call(Object id, String tool, String arguments) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":" + arguments + "}}";
	}

	private static String backendName(WireMockServer server, String path) {
		return "http://127.0.0.1:" + server.port() + path;
	}

	private void refusedForMissingTestMode(String tool) {
		send("/api/mcp/oauth", oauth(), call(7, tool, "{\"amount\":5}"))
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(7)
			.jsonPath("$.result.isError").isEqualTo(true)
			.jsonPath("$.result.content[0].text").value(text -> assertThat((String) text).contains("api_test_mode must be given explicitly"));
	}

	private static List<String> received(WireMockServer server) {
		return server.findAll(anyRequestedFor(anyUrl())).stream().map(r -> r.getBodyAsString()).toList();
	}

	// ---- finding 8: hints per backend, only ever stricter ----

	@Test
	void sandboxSaysWriteToolReadsWhenOAuthCallsItLiveWithoutTestModeThenRefusedAndLiveReceivesNothing() {
		sandbox.stubFor(post(anyUrl()).willReturn(json(tools(1, tool("create_refund", "{\"readOnlyHint\":true}")))));
		send("/api/mcp", key("test"), LIST).expectStatus().isOk()
			.expectBody().jsonPath("$.result.tools[0].name").isEqualTo("create_refund");
		assertThat(received(sandbox)).containsExactly(LIST);
		assertThat(TestRedis.hashValue(ToolHints.hash(backendName(sandbox, "/sandbox/mcp")), "create_refund")).isEqualTo("1");

		refusedForMissingTestMode("create_refund");
		assertThat(received(live)).as("the live backend received nothing").isEmpty();
		assertThat(TestRedis.hashValue(ToolHints.hash(backendName(live, "/mcp")), "create_refund")).isNull();
	}

	@Test
	void liveBackendSaidWriteWhenItLaterSaysReadOnlyThenStillAWriteTool() {
		String liveKey = key("live");
		live.stubFor(post(anyUrl()).willReturn(json(tools(1, tool("refund_flip", "{\"readOnlyHint\":false}"),
				tool("refund_unannotated", null)))));
		send("/api/mcp", liveKey, LIST).expectStatus().isOk();
		live.stubFor(post(anyUrl()).willReturn(json(tools(1, tool("refund_flip", "{\"readOnlyHint\":true}"),
				tool("refund_unannotated", "{\"readOnlyHint\":true}")))));
		send("/api/mcp/oauth", oauth(), LIST).expectStatus().isOk()
			.expectBody()
			.jsonPath("$.result.tools[0].inputSchema.required[0]").isEqualTo("api_test_mode")
			.jsonPath("$.result.tools[1].inputSchema.required[0]").isEqualTo("api_test_mode");
		assertThat(TestRedis.hashValue(ToolHints.hash(backendName(live, "/mcp")), "refund_flip")).isEqualTo("0");
		assertThat(TestRedis.hashValue(ToolHints.hash(backendName(live, "/mcp")), "refund_unannotated")).isEqualTo("0");
		live.resetAll();

		refusedForMissingTestMode("refund_flip");
		refusedForMissingTestMode("refund_unannotated");
		assertThat(received(live)).isEmpty();
	}

	@Test
	void liveBackendSaysReadOnlyFirstThenDefaultsToLiveUntilItSaysOtherwise() {
		String liveKey = key("live");
		live.stubFor(post(anyUrl()).withRequestBody(containing("tools/list"))
			.willReturn(json(tools(1, tool("refund_report", "{\"readOnlyHint\":true}")))));
		send("/api/mcp", liveKey, LIST).expectStatus().isOk();
		send("/api/mcp/oauth", oauth(), call(7, "refund_report", "{}")).expectStatus().isOk();
		assertThat(received(live)).last().isEqualTo(call(7, "refund_report", "{\"api_test_mode\":false}"));

		live.stubFor(post(anyUrl()).withRequestBody(containing("tools/list"))
			.willReturn(json(tools(1, tool("refund_report", "{\"readOnlyHint\":false}")))));
		send("/api/mcp", liveKey, LIST).expectStatus().isOk();
		live.resetAll();
		refusedForMissingTestMode("refund_report");
		assertThat(received(live)).isEmpty();
	}

	// ---- finding 9: tools/list in a batch ----

	@Test
	void toolsListInAOneElementBatchThenFilteredAndDeclaringTestMode() {
		live.stubFor(post(anyUrl()).willReturn(json("[" + CALLABLE_AND_SECRET + "]")));
		send("/api/mcp/oauth", oauth(), "[" + LIST + "]")
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[0].result.tools[*].name").value(names -> assertThat((List<Object>) names).containsExactly("get_balance", "refund_payment"))
			.jsonPath("$[0].result.tools[0].inputSchema.properties.api_test_mode.type").isEqualTo("boolean")
			.jsonPath("$[0].result.tools[1].inputSchema.required[*]").value(r -> assertThat((List<Object>) r).containsExactly("api_test_mode"));
		assertThat(received(live)).containsExactly("[" + LIST + "]");
	}

	@Test
	void toolsListInABatchWithOtherRequestsThenOnlyItsAnswerRewritten() {
		String batch = "[{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}]";
		live.stubFor(post(anyUrl()).willReturn(json("[{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}},"
				+ tools(2, tool("get_balance", null), tool("secret_tool", null)) + "]")));
		send("/api/mcp/oauth", oauth(), batch)
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$[0].result").isEmpty()
			.jsonPath("$[1].result.tools[*].name").value(names -> assertThat((List<Object>) names).containsExactly("get_balance"));
		assertThat(received(live)).containsExactly(batch);
	}

	// ---- finding 12: fail closed ----

	private void unreadable(ResponseDefinitionBuilder answer, int status) {
		live.stubFor(post(anyUrl()).willReturn(answer));
		String body = send("/api/mcp/oauth", oauth(), LIST)
			.expectStatus().isEqualTo(status)
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody(String.class).returnResult().getResponseBody();
		assertThat(body).isEqualTo(ERROR).doesNotContain("secret_tool");
		assertThat(received(live)).containsExactly(LIST);
		live.resetAll();
	}

	@Test
	void toolsListAnswerInAnotherContentTypeThenJsonRpcErrorNeverTheList() {
		for (String type : new String[] { "text/plain", "application/json-rpc", "application/vnd.api+json", "text/html" }) {
			unreadable(aResponse().withStatus(200).withHeader("Content-Type", type).withBody(CALLABLE_AND_SECRET), 502);
		}
		unreadable(aResponse().withStatus(200).withBody(CALLABLE_AND_SECRET), 502);
	}

	@Test
	void toolsListAnswerNestedTooDeepOrMalformedOrWithoutToolsThenJsonRpcError() {
		String deep = "{\"a\":".repeat(600) + "1" + "}".repeat(600);
		unreadable(json(tools(1, tool("secret_tool", null), "{\"name\":\"get_balance\",\"inputSchema\":" + deep + "}")), 502);
		unreadable(json(CALLABLE_AND_SECRET.substring(0, CALLABLE_AND_SECRET.length() - 3)), 502);
		unreadable(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":{\"secret_tool\":{}}}}"), 502);
		unreadable(json("\"secret_tool\""), 502);
	}

	@Test
	void toolsListAnswerOfNineMegabytesThenJsonRpcErrorNotA500() {
		StringBuilder huge = new StringBuilder(tools(1, tool("secret_tool", null)));
		huge.insert(huge.length() - 3, ",{\"name\":\"padding\",\"description\":\"" + "x".repeat(9 << 20) + "\"}");
		unreadable(json(huge.toString()), 502);
	}

	@Test
	void toolsListAnswerWithAnErrorStatusThenThatStatusAndTheJsonRpcErrorInsteadOfItsBody() {
		unreadable(aResponse().withStatus(404).withHeader("Content-Type", "text/plain").withBody(CALLABLE_AND_SECRET), 404);
		live.stubFor(post(anyUrl()).willReturn(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no\"}}")));
		send("/api/mcp/oauth", oauth(), LIST).expectStatus().isOk()
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no\"}}", true);
	}

	// ---- SSE ----

	private String stream(String events) {
		live.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
			.withBody(events)));
		return send("/api/mcp/oauth", oauth(), LIST)
			.expectStatus().isOk()
			.expectHeader().contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody(String.class).returnResult().getResponseBody();
	}

	@Test
	void sseToolsListThenOtherEventsPassAndTheListIsRewrittenWhateverItsLineEnds() {
		String events = stream("id: 0\ndata:\n\n" + "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
				+ "event: message\rid: 9\rdata: " + CALLABLE_AND_SECRET + "\r\r");
		assertThat(events).startsWith("id: 0\ndata:\n\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
				+ "event: message\nid: 9\ndata: {").contains("\"get_balance\"", "\"api_test_mode\"").doesNotContain("secret_tool");
	}

	@Test
	void sseToolsListEventTheEdgeCannotReadThenTheStreamEndsWithTheJsonRpcError() {
		assertThat(stream("id: 0\ndata:\n\nevent: message\ndata: secret_tool is not JSON\n\n"))
			.isEqualTo("id: 0\ndata:\n\nevent: message\ndata: " + ERROR + "\n\n");
	}

	@Test
	void sseToolsListEventOfTwentyMegabytesThenRefusedQuicklyAndOtherCallersStillAnswered() throws Exception {
		String event = "event: message\ndata: " + tools(1, tool("secret_tool", null),
				"{\"name\":\"padding\",\"description\":\"" + "x".repeat(20 << 20) + "\"}") + "\n\n";
		live.stubFor(post(anyUrl()).withRequestBody(containing("tools/list")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream").withBody(event)));
		live.stubFor(post(anyUrl()).withRequestBody(containing("ping")).willReturn(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
		String liveKey = key("live");
		String token = oauth();
		long start = System.nanoTime();
		CompletableFuture<String> refused = CompletableFuture.supplyAsync(() -> send("/api/mcp/oauth", token, LIST)
			.expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
		List<Duration> pings = new ArrayList<>();
		do {
			long sent = System.nanoTime();
			send("/api/mcp", liveKey, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").expectStatus().isOk();
			pings.add(Duration.ofNanos(System.nanoTime() - sent));
		}
		while (!refused.isDone() || pings.size() < 3);
		String body = refused.get(30, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("refused quickly").isLessThan(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("event: message\ndata: " + ERROR + "\n\n");
		assertThat(pings).as("another caller's pings while the edge read the event").allSatisfy(
				ping -> assertThat(ping).isLessThan(Duration.ofSeconds(2)));
	}
}
