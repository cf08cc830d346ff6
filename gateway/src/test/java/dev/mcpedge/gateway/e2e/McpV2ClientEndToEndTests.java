package dev.mcpedge.gateway.e2e;

import java.util.List;
import java.util.Map;

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
 * The MCP TypeScript SDK's clients through the gateway to the demo MCP server with a test key made
 * through the admin API: the v2 client pinned to 2026-07-28 (no {@code initialize}, no session) and
 * the v1 client speaking 2025. No backend URL is configured, so the demo server runs. Needs
 * {@code node} and {@code npm} on the PATH; installs the SDKs with {@code npm ci} on first use.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=http://127.0.0.1", "mcp-edge.admin.token=e2e-admin-token-0123456789",
				// API keys only: an OAuth endpoint would need a trusted issuer
				"mcp-edge.endpoints[0].path=/api/mcp", "mcp-edge.endpoints[0].credentials=api-key" })
class McpV2ClientEndToEndTests {

	/** What both clients saw, from one run of the script for the whole class. */
	private static Map<String, Object> seen;

	private static Map<String, Object> key;

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
	}

	@BeforeAll
	static void installClients() throws Exception {
		NodeClients.install("@modelcontextprotocol/client", "@modelcontextprotocol/sdk");
	}

	@SuppressWarnings("unchecked")
	private synchronized Map<String, Object> seen(String client) throws Exception {
		if (seen == null) {
			key = AdminClient.of(port, "e2e-admin-token-0123456789")
				.createKey(Map.of("name", "e2e-v2", "organizationId", "org_e2e", "mode", "test"));
			String output = NodeClients.run("v2-client.mjs", "http://127.0.0.1:" + port + "/api/mcp", (String) key.get("key"));
			seen = JsonMapper.builder().build().readValue(output, Map.class);
		}
		return (Map<String, Object>) seen.get(client);
	}

	/** The tool result text the demo server echoes: what reached it through the edge. */
	private void assertEchoedThroughTheEdge(Map<String, Object> call) {
		assertThat(call.get("isError")).isEqualTo(false);
		assertThat((String) call.get("text")).contains("\"api_test_mode\" : true")
			.contains("\"livemode\" : false")
			.contains("\"x-mcp-edge-principal\" : \"" + key.get("id") + "\"")
			.contains("\"x-mcp-edge-mode\" : \"test\"")
			.contains("\"x-mcp-edge-organization-id\" : \"org_e2e\"")
			.contains("\"authorization_header_received\" : false")
			.doesNotContain((String) key.get("key"));
	}

	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenPinnedTo20260728ThenDiscoversListsAndCallsWithoutSession() throws Exception {
		Map<String, Object> v2 = seen("v2");
		ClientRuns.assertModernWithoutSession(v2, "mcp-edge-demo");
		assertThat((List<String>) v2.get("supportedVersions")).contains("2026-07-28", "2025-06-18");
		assertThat(ClientRuns.exchanges(v2)).as("stateless: no session handed out, every exchange answered 200")
			.allSatisfy(exchange -> {
				assertThat(exchange.get("answeredSession")).isEqualTo(false);
				assertThat(exchange.get("status")).isEqualTo(200);
			});

		assertThat((List<String>) v2.get("tools")).contains("get_balance", "list_payment_intents", "create_refund",
				"cancel_payment_intent");
		assertThat(v2.get("apiTestModeDeclared")).as("the edge keeps api_test_mode declared").isEqualTo(true);
		assertEchoedThroughTheEdge((Map<String, Object>) v2.get("call"));

		Map<String, Object> live = (Map<String, Object>) v2.get("live");
		assertThat(live.get("isError")).as("a test key never gets live data").isNotEqualTo(false);
		assertThat(String.valueOf(live.get("text"))).doesNotContain("\"livemode\" : true");
	}

	/**
	 * The edge's refusal reaches the v2 client as a tool error: the edge's own result carries
	 * {@code resultType}, without which the client rejects it (INVALID_RESULT).
	 */
	@Test
	@SuppressWarnings("unchecked")
	void v2ClientWhenTestKeyAsksForLiveDataThenToolErrorTheClientAccepts() throws Exception {
		Map<String, Object> live = (Map<String, Object>) seen("v2").get("live");
		ClientRuns.assertTestKeyRefusalAccepted(live);
	}

	@Test
	@SuppressWarnings("unchecked")
	void v1ClientWhen2025ThenInitializesWithSessionAndCallsTools() throws Exception {
		Map<String, Object> v1 = seen("v1");
		assertThat((String) v1.get("protocolVersion")).startsWith("2025-");
		assertThat(v1.get("server")).isEqualTo("mcp-edge-demo");
		List<Map<String, Object>> exchanges = (List<Map<String, Object>>) v1.get("exchanges");
		assertThat(exchanges).first().satisfies(initialize -> {
			assertThat(initialize.get("status")).isEqualTo(200);
			assertThat(initialize.get("answeredSession")).as("the 2025 demo hands out a session").isEqualTo(true);
		});
		List<Map<String, Object>> posts = exchanges.stream().filter(exchange -> "POST".equals(exchange.get("httpMethod"))).toList();
		assertThat(posts.subList(1, posts.size())).as("every request after initialize carries the session").isNotEmpty()
			.allSatisfy(exchange -> assertThat(exchange.get("session")).isEqualTo(true));
		assertThat((List<String>) v1.get("tools")).contains("get_balance", "create_refund");
		assertEchoedThroughTheEdge((Map<String, Object>) v1.get("call"));
	}
}
