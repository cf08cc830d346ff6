package dev.mcpedge.gateway.e2e;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.McpEdgeApplication;
import dev.mcpedge.gateway.support.NodeClients;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real MCP client that signs in by itself: the MCP TypeScript SDK's client with client credentials,
 * starting from nothing but the gateway's endpoint URL. It must follow the 401 challenge to the
 * protected resource metadata, find the authorization server (mock-oauth2-server, a real OAuth server
 * over HTTP), get a token for this resource, and then list and call tools of the demo MCP server
 * through {@code /api/mcp/oauth}. Needs {@code node} and {@code npm} on the PATH; installs the SDK with
 * {@code npm ci} on first use.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "mcp-edge.oauth.scopes-supported=payments:read", "mcp-edge.policy.read-tools=get_*,list_*",
				"mcp-edge.policy.tool-scopes.get_balance=payments:read" })
class McpTypeScriptOAuthEndToEndTests {

	private static final int PORT = Ports.free();

	private static final String RESOURCE = "http://127.0.0.1:" + PORT + "/api/mcp/oauth";

	private static final MockOAuth2Server authorizationServer = new MockOAuth2Server();

	static {
		authorizationServer.start(InetAddress.getLoopbackAddress(), 0);
	}

	private static String issuer() {
		return authorizationServer.issuerUrl("default").toString();
	}

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("mcp-edge.public-url", () -> "http://127.0.0.1:" + PORT);
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.oauth.issuers[0].issuer-uri", McpTypeScriptOAuthEndToEndTests::issuer);
		registry.add("mcp-edge.oauth.issuers[0].organization-claim", () -> "org_id");
	}

	@BeforeAll
	static void installClients() throws Exception {
		NodeClients.install("@modelcontextprotocol/sdk");
	}

	@AfterAll
	static void stop() {
		authorizationServer.shutdown();
	}

	@Test
	@SuppressWarnings("unchecked")
	void typeScriptClientWhenOnlyTheEndpointIsKnownThenSignsInWithClientCredentialsAndUsesTools() throws Exception {
		authorizationServer.enqueueCallback(new DefaultOAuth2TokenCallback("default", "ci-pipeline", "JWT",
				List.of(RESOURCE), Map.of("org_id", "org_e2e", "scope", "payments:read"), 3600));

		String output = NodeClients.run("oauth-client-credentials.mjs", RESOURCE, issuer(), "ci-pipeline",
				"not-checked-by-the-mock", "payments:read");

		Map<String, Object> seen = JsonMapper.builder().build().readValue(output, Map.class);
		assertThat(seen.get("tokenObtained")).isEqualTo(true);
		assertThat((List<String>) seen.get("tools")).as("filtered to what payments:read may call").containsExactly("get_balance");
		assertThat((String) seen.get("result")).contains("\"x-mcp-edge-auth-method\" : \"oauth\"")
			.contains("\"x-mcp-edge-principal\" : \"ci-pipeline\"")
			.contains("\"x-mcp-edge-organization-id\" : \"org_e2e\"")
			.contains("\"x-mcp-edge-scopes\" : \"payments:read\"")
			.contains("\"authorization_header_received\" : false");

		RecordedRequest tokenRequest = takeTokenRequest();
		String form = tokenRequest.getBody().readUtf8();
		assertThat(form).contains("grant_type=client_credentials")
			.contains("resource=" + java.net.URLEncoder.encode(RESOURCE, StandardCharsets.UTF_8));
	}

	/** The token request among what the authorization server received (discovery requests come first). */
	private static RecordedRequest takeTokenRequest() throws InterruptedException {
		RecordedRequest request;
		while ((request = authorizationServer.takeRequest(5, TimeUnit.SECONDS)) != null) {
			if ("POST".equals(request.getMethod()) && request.getPath().endsWith("/token")) {
				return request;
			}
		}
		throw new AssertionError("the client never asked the authorization server for a token");
	}

}
