package dev.mcpedge.gateway.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.McpEdgeApplication;
import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.ClientRuns;
import dev.mcpedge.gateway.support.NodeClients;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real MCP server built with the TypeScript SDK v2 ({@code src/test/node/v2-server.mjs}, stateless
 * 2026-07-28 plus the SDK's 2025 fallback) behind the gateway, used by the SDK's v2 client pinned to
 * 2026-07-28 with a test key, a live key and a key restricted to {@code payments:read}, and by the v1
 * client (2025) with the test key. The backend response timeout is short so that a
 * {@code subscriptions/listen} stream held open longer shows the timeout does not cut it. Needs
 * {@code node} and {@code npm} on the PATH; installs the SDKs with {@code npm ci} on first use.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=http://127.0.0.1", "mcp-edge.admin.token=e2e-admin-token-0123456789",
				// API keys only: an OAuth endpoint would need a trusted issuer
				"mcp-edge.endpoints[0].path=/api/mcp", "mcp-edge.endpoints[0].credentials=api-key",
				"mcp-edge.backend.response-timeout=1s",
				"mcp-edge.policy.tool-scopes.get_balance=payments:read",
				"mcp-edge.policy.tool-scopes.create_refund=refunds:write" })
class McpV2ServerEndToEndTests {

	/** How long the client holds its subscriptions/listen stream open: well past the response timeout. */
	private static final int LISTEN_MILLIS = 2500;

	private static Process server;

	private static int serverPort;

	/** What the clients saw, from one run of the script for the whole class. */
	private static Map<String, Object> seen;

	private static final Map<String, Map<String, Object>> keys = new java.util.HashMap<>();

	@LocalServerPort
	int port;

	@BeforeAll
	static void installClients() throws Exception {
		NodeClients.install("@modelcontextprotocol/client", "@modelcontextprotocol/sdk", "@modelcontextprotocol/server");
	}

	@DynamicPropertySource
	static void backend(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + startServer() + "/mcp");
	}

	/** Starts v2-server.mjs on a free port (once) and returns the port it printed. */
	private static synchronized int startServer() {
		if (server == null) {
			try {
				server = new ProcessBuilder("node", "v2-server.mjs", "0").directory(Path.of("src", "test", "node").toFile())
					.redirectError(ProcessBuilder.Redirect.appendTo(new File("target/v2-server.log")))
					.start();
				BufferedReader output = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
				String line = output.readLine();
				assertThat(line).as("v2-server.mjs printed no port, see gateway/target/v2-server.log").isNotNull();
				serverPort = Integer.parseInt(line.trim());
			}
			catch (Exception ex) {
				throw new IllegalStateException("could not start v2-server.mjs", ex);
			}
		}
		return serverPort;
	}

	@AfterAll
	static void stopServer() throws InterruptedException {
		if (server != null) {
			server.destroy();
			if (!server.waitFor(10, TimeUnit.SECONDS)) {
				server.destroyForcibly();
			}
		}
	}

	private Map<String, Object> createKey(Map<String, Object> body) {
		return AdminClient.of(port, "e2e-admin-token-0123456789").createKey(body);
	}

	@SuppressWarnings("unchecked")
	private synchronized Map<String, Object> seen(String run) throws Exception {
		if (seen == null) {
			keys.put("test", createKey(Map.of("name", "e2e-v2-server-test", "organizationId", "org_e2e", "mode", "test")));
			keys.put("live", createKey(Map.of("name", "e2e-v2-server-live", "organizationId", "org_e2e", "mode", "live")));
			keys.put("restricted", createKey(Map.of("name", "e2e-v2-server-restricted", "organizationId", "org_e2e",
					"mode", "live", "scopes", List.of("payments:read"))));
			String output = NodeClients.run("v2-client-against-v2-server.mjs", "http://127.0.0.1:" + port + "/api/mcp",
					(String) keys.get("test").get("key"), (String) keys.get("live").get("key"),
					(String) keys.get("restricted").get("key"), String.valueOf(LISTEN_MILLIS));
			seen = JsonMapper.builder().build().readValue(output, Map.class);
		}
		return (Map<String, Object>) seen.get(run);
	}

	/** The server's echo of a successful call: the arguments and the edge's headers that reached it. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> echo(Map<String, Object> call) {
		assertThat(call.get("thrown")).as("the client raised: " + call).isNull();
		assertThat(call.get("isError")).as("a tool error: " + call).isEqualTo(false);
		return (Map<String, Object>) call.get("echo");
	}

	/**
	 * Asserts that the server got {@code api_test_mode} as the key of {@code mode} says, in the arguments
	 * and in their {@code Mcp-Param-Test-Mode} header, with the edge's identity of that key.
	 */
	@SuppressWarnings("unchecked")
	private static void assertReachedAs(Map<String, Object> echo, String mode) {
		boolean test = "test".equals(mode);
		assertThat((Map<String, Object>) echo.get("arguments")).containsEntry("api_test_mode", test);
		assertThat((Map<String, Object>) echo.get("headers")).containsEntry("mcp-param-test-mode", String.valueOf(test));
		assertEdgeIdentity(echo, keys.get(mode), mode);
	}

	@SuppressWarnings("unchecked")
	private static void assertEdgeIdentity(Map<String, Object> echo, Map<String, Object> key, String mode) {
		Map<String, Object> headers = (Map<String, Object>) echo.get("headers");
		assertThat(headers).containsEntry("x-mcp-edge-principal", key.get("id"))
			.containsEntry("x-mcp-edge-mode", mode)
			.containsEntry("x-mcp-edge-organization-id", "org_e2e");
		assertThat(echo.get("authorization_header_received")).as("the edge keeps the key from the backend").isEqualTo(false);
		assertThat(echo.toString()).doesNotContain((String) key.get("key"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenTestKeyThenDiscoversListsAndCallsTheV2ServerStatelessly() throws Exception {
		Map<String, Object> test = seen("test");
		ClientRuns.assertModernWithoutSession(test, "mcp-edge-e2e-v2-server");
		assertThat((List<String>) test.get("tools")).containsExactlyInAnyOrder("get_balance", "create_refund");
		assertThat(test.get("readOnlyHint")).isEqualTo(true);
		assertThat((Map<String, Object>) test.get("apiTestModeSchema")).as("the server's own declaration, kept")
			.containsEntry("type", "boolean")
			.containsEntry("x-mcp-header", "Test-Mode");

		assertThat(ClientRuns.exchanges(test)).as("every exchange answered 200 or 202 (the cancel)")
			.allSatisfy(exchange -> assertThat((Integer) exchange.get("status")).isIn(200, 202));
	}

	/**
	 * The edge inserts {@code api_test_mode: true} for the test key the client did not send, and
	 * sends {@code Mcp-Param-Test-Mode: true} with it, so the SDK server's SEP-2243 check (400 -32020
	 * on a missing or disagreeing header) lets the call through.
	 */
	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenTestKeyCallsGetBalanceThenServerGetsApiTestModeTrueAndItsHeader() throws Exception {
		Map<String, Object> test = seen("test");
		Map<String, Object> exchange = ClientRuns.firstExchange(test, "tools/call");
		assertThat(exchange.get("testModeHeader")).as("the client sent no argument, so no header").isNull();

		Map<String, Object> echo = echo((Map<String, Object>) test.get("call"));
		assertThat((Map<String, Object>) echo.get("arguments")).containsEntry("currency", "eur");
		assertReachedAs(echo, "test");
	}

	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenReadingAResourceThenMcpNameIsTheUriAndTheServerAnswers() throws Exception {
		Map<String, Object> test = seen("test");
		Map<String, Object> exchange = ClientRuns.firstExchange(test, "resources/read");
		assertThat(exchange.get("mcpName")).isEqualTo("demo://balance");
		assertThat(exchange.get("status")).isEqualTo(200);

		Map<String, Object> resource = (Map<String, Object>) test.get("resource");
		assertThat(resource.get("thrown")).as("the client raised: " + resource).isNull();
		assertThat((List<Map<String, Object>>) resource.get("echo")).singleElement()
			.satisfies(contents -> {
				assertThat(contents).containsEntry("uri", "demo://balance");
				assertThat((String) contents.get("text")).isEqualTo("{\"available\":1000}");
			});
	}

	/** The edge's refusal is a 2026-07-28 result (with resultType), which the v2 client accepts as a tool error. */
	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenTestKeyAsksForLiveDataThenToolErrorTheClientAccepts() throws Exception {
		Map<String, Object> live = (Map<String, Object>) seen("test").get("live");
		ClientRuns.assertTestKeyRefusalAccepted(live);
		assertThat(live.get("echo")).as("never reached the server").isNull();
	}

	/**
	 * A {@code subscriptions/listen} stream through the edge: acknowledged, carries the server's
	 * notifications, and is still open after more than twice the backend response timeout (1 s).
	 */
	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenListeningThenNotificationsArriveAndTheStreamOutlivesTheResponseTimeout() throws Exception {
		Map<String, Object> listen = (Map<String, Object>) seen("test").get("listen");
		assertThat(listen.get("acknowledged")).as("listen: " + listen).isEqualTo(true);
		assertThat((Map<String, Object>) listen.get("honoredFilter")).containsEntry("toolsListChanged", true);
		assertThat((Integer) listen.get("notifications")).as("notifications/tools/list_changed received").isPositive();
		assertThat(listen.get("openAfterWait")).as("open after " + LISTEN_MILLIS + " ms: " + listen).isEqualTo(true);

		Map<String, Object> exchange = ClientRuns.firstExchange(seen("test"), "subscriptions/listen");
		assertThat(exchange.get("status")).isEqualTo(200);
		assertThat((String) exchange.get("contentType")).startsWith("text/event-stream");
	}

	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenLiveKeyCallsGetBalanceThenServerGetsApiTestModeFalse() throws Exception {
		Map<String, Object> echo = echo((Map<String, Object>) seen("live").get("call"));
		assertReachedAs(echo, "live");
	}

	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenRestrictedKeyThenReadToolWorksAndWriteToolIsRefusedWithInsufficientScope() throws Exception {
		Map<String, Object> restricted = seen("restricted");
		Map<String, Object> tools = (Map<String, Object>) restricted.get("tools");
		assertThat(tools.get("thrown")).as("tools/list: " + tools).isNull();
		assertThat((List<String>) tools.get("echo")).as("the list as the edge filtered it for payments:read")
			.containsExactly("get_balance");
		Map<String, Object> echo = echo((Map<String, Object>) restricted.get("balance"));
		assertThat((Map<String, Object>) echo.get("headers")).containsEntry("x-mcp-edge-scopes", "payments:read")
			.containsEntry("x-mcp-edge-access", "scoped");
		assertEdgeIdentity(echo, keys.get("restricted"), "live");

		Map<String, Object> refund = (Map<String, Object>) restricted.get("refund");
		assertThat(refund.get("echo")).as("never reached the server").isNull();
		assertThat(refund.get("thrown")).as("the client surfaces the 403 insufficient_scope as an error: " + refund)
			.isEqualTo(true);
		assertThat((String) refund.get("message")).as("the client's reading of the edge's WWW-Authenticate challenge")
			.isEqualTo("Insufficient scope: required \"refunds:write\"");
		assertThat(((List<Map<String, Object>>) restricted.get("exchanges")).stream()
			.filter(e -> "create_refund".equals(e.get("mcpName")))).singleElement()
			.satisfies(exchange -> assertThat(exchange.get("status")).isEqualTo(403));
	}

	/** The v1 client (2025) against the v2 server: the SDK's stateless 2025 fallback, no session. */
	@Test
	@SuppressWarnings("unchecked")
	void v1ClientWhen2025ThenTheV2ServerAnswersStatelesslyThroughTheEdge() throws Exception {
		Map<String, Object> v1 = seen("v1");
		assertThat(v1.get("connected")).as("v1: " + v1).isEqualTo(true);
		assertThat((String) v1.get("protocolVersion")).startsWith("2025-");
		assertThat(v1.get("server")).isEqualTo("mcp-edge-e2e-v2-server");
		assertThat((List<String>) v1.get("tools")).containsExactlyInAnyOrder("get_balance", "create_refund");
		Map<String, Object> echo = echo((Map<String, Object>) v1.get("call"));
		assertThat((Map<String, Object>) echo.get("arguments")).containsEntry("api_test_mode", true);
		assertEdgeIdentity(echo, keys.get("test"), "test");
		assertThat((List<Map<String, Object>>) ((Map<String, Object>) v1.get("resource")).get("echo")).singleElement()
			.satisfies(contents -> assertThat(contents).containsEntry("uri", "demo://balance"));

		List<Map<String, Object>> exchanges = (List<Map<String, Object>>) v1.get("exchanges");
		assertThat(exchanges).as("the stateless fallback hands out no session").allSatisfy(exchange ->
				assertThat(exchange.get("session")).isEqualTo(false));
		assertThat(exchanges).filteredOn(exchange -> "GET".equals(exchange.get("httpMethod")))
			.as("the client's optional GET stream: the SDK answers 405 in stateless mode")
			.allSatisfy(exchange -> assertThat(exchange.get("status")).isEqualTo(405));
	}
}
