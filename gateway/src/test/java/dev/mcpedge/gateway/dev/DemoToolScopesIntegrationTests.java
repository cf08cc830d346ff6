package dev.mcpedge.gateway.dev;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.McpClient;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The development defaults map the demo server's tools to scopes (DESIGN §9), so that a key with
 * scopes works in the Quick start and the development identity provider has scopes to offer; an
 * operator's own mapping replaces them, and with a backend of one's own there is none.
 */
class DemoToolScopesIntegrationTests {

	private static final String ADMIN_TOKEN = "demo-scopes-admin-token-0123456789";

	/** Bare: development mode with the demo server, as the README's first command starts it. */
	private static final GatewayInstances gateways = GatewayInstances.bare();

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void demoServerWhenKeyHasScopesThenItCallsWhatTheyGrantAndIsRefusedTheRest() {
		try (ConfigurableApplicationContext gateway = gateways.start("--server.port=0", "--mcp-edge.dev-mode=true",
				"--mcp-edge.admin.token=" + ADMIN_TOKEN)) {
			assertThat(scopesSupported(gateway)).containsExactly("payments:read", "refunds:write", "payments:write");

			String key = new AdminClient(GatewayInstances.client(gateway), ADMIN_TOKEN)
				.key(Map.of("organizationId", "org_demo", "mode", "test", "scopes", List.of("payments:read")));
			McpClient mcp = GatewayInstances.mcp(gateway).bearer(key).acceptingStreams();
			String session = mcp.initialize("2025-06-18").expectStatus().isOk().returnResult(String.class)
				.getResponseHeaders().getFirst("Mcp-Session-Id");
			McpClient inSession = mcp.header("Mcp-Session-Id", session);

			inSession.callTool("get_balance", "{}").expectStatus().isOk().expectBody(String.class)
				.value(body -> assertThat(body).contains("\\\"x-mcp-edge-scopes\\\" : \\\"payments:read\\\"")
					.contains("\\\"tool\\\" : \\\"get_balance\\\""));
			inSession.callTool("create_refund", "{\"payment_intent\":\"pi_1\"}").expectStatus().isForbidden()
				.expectHeader().valueMatches("WWW-Authenticate", ".*error=\"insufficient_scope\", scope=\"refunds:write\".*");
			inSession.toolsList().expectStatus().isOk().expectBody(String.class)
				.value(body -> assertThat(body).contains("\"get_balance\"").contains("\"list_payment_intents\"")
					.doesNotContain("\"create_refund\"").doesNotContain("\"cancel_payment_intent\""));
		}
	}

	@Test
	void operatorMappingWhenGivenThenTheDemoMappingIsNotAdded() {
		try (ConfigurableApplicationContext gateway = gateways.start("--server.port=0", "--mcp-edge.dev-mode=true",
				"--mcp-edge.policy.tool-scopes.get_balance=ledger:read")) {
			assertThat(scopesSupported(gateway)).containsExactly("ledger:read");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<String> scopesSupported(ConfigurableApplicationContext gateway) {
		Map<String, Object> metadata = GatewayInstances.client(gateway).get()
			.uri("/.well-known/oauth-protected-resource/api/mcp/oauth")
			.exchange()
			.expectStatus().isOk()
			.expectBody(Map.class).returnResult().getResponseBody();
		return (List<String>) metadata.get("scopes_supported");
	}
}
