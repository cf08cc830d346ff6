package dev.mcpedge.gateway.e2e;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.McpHttpClientTransportAuthorizationException;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.McpEdgeApplication;
import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real MCP client (the MCP Java SDK) through the gateway to the demo MCP server, with a key
 * created through the admin API; no backend URL is configured, so the demo server runs.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=http://127.0.0.1", "mcp-edge.admin.token=e2e-admin-token-0123456789",
				// API keys only: an OAuth endpoint would need a trusted issuer
				"mcp-edge.endpoints[0].path=/api/mcp", "mcp-edge.endpoints[0].credentials=api-key" })
class McpClientEndToEndTests {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
	}

	private String base() {
		return "http://127.0.0.1:" + port;
	}

	private Map<String, Object> createKey() {
		return AdminClient.of(port, "e2e-admin-token-0123456789")
			.createKey(Map.of("name", "e2e", "organizationId", "org_e2e", "mode", "test"));
	}

	private McpSyncClient client(String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base())
			.endpoint("/api/mcp")
			.requestBuilder(request)
			.build();
		return McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).initializationTimeout(Duration.ofSeconds(10)).build();
	}

	@Test
	void mcpClientWhenTestKeyThenListsAndCallsToolsAndServerSeesEdgeIdentity() {
		Map<String, Object> key = createKey();
		try (McpSyncClient mcp = client("Bearer " + key.get("key"))) {
			McpSchema.InitializeResult initialized = mcp.initialize();
			assertThat(initialized.serverInfo().name()).isEqualTo("mcp-edge-demo");

			McpSchema.ListToolsResult tools = mcp.listTools();
			assertThat(tools.tools()).extracting(McpSchema.Tool::name)
				.contains("get_balance", "list_payment_intents", "create_refund", "cancel_payment_intent");
			McpSchema.Tool refund = tools.tools().stream().filter(t -> t.name().equals("create_refund")).findFirst().orElseThrow();
			assertThat(refund.annotations().readOnlyHint()).isFalse();

			McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("get_balance", Map.of("api_test_mode", true)));
			assertThat(result.isError()).isFalse();
			String text = ((McpSchema.TextContent) result.content().get(0)).text();
			assertThat(text).contains("\"x-mcp-edge-principal\" : \"" + key.get("id") + "\"")
				.contains("\"x-mcp-edge-mode\" : \"test\"")
				.contains("\"x-mcp-edge-organization-id\" : \"org_e2e\"")
				.contains("\"authorization_header_received\" : false")
				.contains("\"api_test_mode\" : true")
				.doesNotContain((String) key.get("key"));
		}
	}

	/** The SDK reports the gateway's 401 with the response it got; check status and challenge. */
	private static void assertUnauthorized(McpSyncClient mcp) {
		assertThatThrownBy(mcp::initialize).rootCause()
			.isInstanceOfSatisfying(McpHttpClientTransportAuthorizationException.class, ex -> {
				assertThat(ex.getResponseInfo().statusCode()).isEqualTo(401);
				assertThat(ex.getResponseInfo().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
						challenge -> assertThat(challenge).startsWith("Bearer realm=\"mcp-edge\""));
			});
	}

	@Test
	void mcpClientWhenNoKeyThenInitializeFailsWith401() {
		try (McpSyncClient mcp = client(null)) {
			assertUnauthorized(mcp);
		}
	}

	@Test
	void mcpClientWhenRevokedKeyThenInitializeFailsWith401() {
		Map<String, Object> key = createKey();
		WebTestClient.bindToServer().baseUrl(base()).build()
			.post().uri("/admin/keys/{id}/revoke", key.get("id"))
			.header("Authorization", "Bearer e2e-admin-token-0123456789")
			.exchange()
			.expectStatus().isOk();
		try (McpSyncClient mcp = client("Bearer " + key.get("key"))) {
			assertUnauthorized(mcp);
		}
	}
}
