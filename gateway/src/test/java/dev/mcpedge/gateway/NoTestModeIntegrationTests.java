package dev.mcpedge.gateway;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.TestBackend;
import dev.mcpedge.gateway.support.TestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
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
 * A platform without test mode (config/examples/no-test-mode.yml): keys with one prefix
 * ({@code cf_ak_}), no test prefix, one endpoint for keys and OAuth tokens, and a public URL with a
 * path prefix. Its bodies reach the backend byte for byte and nothing speaks of {@code api_test_mode}.
 */
@EdgeIntegrationTest(issuer = true, properties = { "mcp-edge.public-url=https://api.example.com/v1",
				"mcp-edge.endpoints[0].path=/mcp", "mcp-edge.endpoints[0].credentials=api-key,oauth",
				"mcp-edge.api-keys.live-prefix=cf_ak_", "mcp-edge.api-keys.test-prefix=",
				"mcp-edge.admin.token=no-test-mode-admin-token-0123",
				"mcp-edge.policy.read-tools=get_*", "mcp-edge.policy.write-tools=create_refund",
				"mcp-edge.policy.tool-scopes.get_balance=payments:read",
				"mcp-edge.policy.tool-scopes.create_refund=refunds:write" })
class NoTestModeIntegrationTests {

	private static final String RESOURCE = "https://api.example.com/v1/mcp";

	private static final String METADATA = "https://api.example.com/.well-known/oauth-protected-resource/v1/mcp";

	private static final String ADMIN = "Bearer no-test-mode-admin-token-0123";

	@Autowired
	TestIssuer issuer;

	@Autowired
	TestBackend backend;

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	private WebTestClient client;

	@BeforeEach
	void reset() {
		backend.resetToEmptyResult();
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	private Map<String, Object> createKey(Map<String, Object> body) {
		return new AdminClient(client, ADMIN.substring("Bearer ".length())).createKey(body);
	}

	private String liveKey() {
		return (String) createKey(Map.of("organizationId", "org_a")).get("key");
	}

	private String token() {
		return issuer.token(RESOURCE, c -> {
		});
	}

	private WebTestClient.ResponseSpec send(String credential, byte[] body) {
		return client.post().uri("/mcp").header("Authorization", "Bearer " + credential)
			.header("Accept", "application/json, text/event-stream")
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private LoggedRequest forwarded() {
		LoggedRequest request = backend.onlyRequest();
		backend.resetRequests();
		return request;
	}

	@Test
	void createWhenNoModeThenLiveKeyWithTheOnePrefix() {
		Map<String, Object> created = createKey(Map.of("organizationId", "org_a"));
		assertThat((String) created.get("key")).startsWith("cf_ak_").hasSize("cf_ak_".length() + 38);
		assertThat(created.get("mode")).isEqualTo("live");
		assertThat(createKey(Map.of("organizationId", "org_a", "mode", "live")).get("mode")).isEqualTo("live");
		client.get().uri("/admin/keys/" + created.get("id")).header("Authorization", ADMIN).exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.mode").isEqualTo("live");
	}

	@Test
	void createOrImportWhenModeTestThen400NamingTheSetting() {
		client.post().uri("/admin/keys").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organizationId", "org_a", "mode", "test"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").value(d -> assertThat((String) d).contains("mcp-edge.api-keys.test-prefix"));
		client.post().uri("/admin/keys/import").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organizationId", "org_a", "mode", "test", "key", "legacy-secret-0123456789abcdef"))
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error_description").value(d -> assertThat((String) d).contains("mcp-edge.api-keys.test-prefix"));
	}

	@Test
	void importWhenNoModeThenLiveAndUsable() {
		String legacy = "cf_ak_legacy0123456789abcdefghij";
		client.post().uri("/admin/keys/import").header("Authorization", ADMIN).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organizationId", "org_a", "key", legacy))
			.exchange()
			.expectStatus().isCreated()
			.expectBody().jsonPath("$.mode").isEqualTo("live");
		byte[] body = bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
		send(legacy, body).expectStatus().isOk();
		LoggedRequest request = forwarded();
		assertThat(request.getBody()).isEqualTo(body);
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
	}

	@Test
	void toolCallsWithKeyThenBackendReceivesTheExactBytesAndModeLive() {
		String key = liveKey();
		List<String> bodies = List.of(
				// no arguments at all
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"}}",
				// empty arguments
				"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\",\"arguments\":{}}}",
				// odd whitespace everywhere, a write tool
				" { \"jsonrpc\" :\t\"2.0\" ,\r\n  \"id\" : 3,\n\"method\":  \"tools/call\" , \"params\" : {\n\t\"name\" : "
						+ "\"create_refund\" , \"arguments\" : { \"amount\" : 5 ,\"note\":\"é ☃\" }  }\n}\n\n",
				// what would be a test-mode argument elsewhere is just an argument here
				"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\","
						+ "\"arguments\":{\"api_test_mode\":true}}}",
				"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\","
						+ "\"arguments\":{\"api_test_mode\":\"yes\"}}}",
				// a batch
				"[{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"}},"
						+ " {\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\",\"arguments\":{}}}]");
		for (String text : bodies) {
			byte[] body = bytes(text);
			send(key, body).expectStatus().isOk()
				.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", true);
			LoggedRequest request = forwarded();
			assertThat(request.getBody()).as(text).isEqualTo(body);
			assertThat(request.getHeader("Content-Length")).isEqualTo(Integer.toString(body.length));
			assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
			assertThat(request.getHeader("X-MCP-Edge-Auth-Method")).isEqualTo("api_key");
		}
	}

	@Test
	void oauthWriteToolWithoutTestModeArgumentThenForwardedUnchangedWithModeNone() {
		byte[] write = bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\","
				+ "\"arguments\":{\"amount\":5}}}");
		send(token(), write).expectStatus().isOk().expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", true);
		LoggedRequest request = forwarded();
		assertThat(request.getBody()).isEqualTo(write);
		assertThat(request.getHeader("X-MCP-Edge-Auth-Method")).isEqualTo("oauth");
		assertThat(request.getHeader("X-MCP-Edge-Principal")).isEqualTo("user_42");
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("none");

		byte[] read = bytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"}}");
		send(token(), read).expectStatus().isOk();
		request = forwarded();
		assertThat(request.getBody()).isEqualTo(read);
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("none");
	}

	@Test
	void toolsListThenNoTestModeArgumentDeclaredForKeysOrTokens() {
		String tools = "[{\"name\":\"get_balance\",\"inputSchema\":{\"type\":\"object\"},\"annotations\":{\"readOnlyHint\":true}},"
				+ "{\"name\":\"create_refund\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\"}},"
				+ "\"required\":[\"amount\"]}}]";
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":" + tools + "}}")));
		byte[] list = bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
		for (String credential : List.of(liveKey(), token())) {
			byte[] answer = send(credential, list).expectStatus().isOk().expectBody().returnResult().getResponseBody();
			assertThat(new String(answer, StandardCharsets.UTF_8)).doesNotContain("api_test_mode");
			JsonNode root = json.readTree(answer);
			assertThat(root.get("result").get("tools")).isEqualTo(json.readTree(tools));
			assertThat(forwarded().getBody()).isEqualTo(list);
		}
	}

	@Test
	void noCredentialThenChallengeNamesMetadataUnderThePathPrefix() {
		client.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer resource_metadata=\"" + METADATA + "\"");
		client.get().uri("/.well-known/oauth-protected-resource/v1/mcp")
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.resource").isEqualTo(RESOURCE)
			.jsonPath("$.authorization_servers[0]").isEqualTo(issuer.id());
		// a mistyped key with the one prefix is checked as a key, not as a token
		String key = liveKey();
		String mistyped = key.substring(0, key.length() - 1) + (key.endsWith("A") ? "B" : "A");
		send(mistyped, bytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE, ".*checksum.*");
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}
}
