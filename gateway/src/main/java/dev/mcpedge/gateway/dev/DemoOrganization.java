package dev.mcpedge.gateway.dev;

import java.time.Duration;
import java.util.List;

import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.gateway.admin.AdminCredential;
import dev.mcpedge.gateway.dev.identity.DemoUser;
import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.IssuedApiKey;
import dev.mcpedge.keys.KeyStatus;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On the embedded development Redis, creates the demo organization's test and live keys and
 * prints them with the admin token, once, to the console (not to the log); with the development
 * identity provider running, also its users and their passwords and the demo client's secret.
 */
@Component
class DemoOrganization {

	static final String ORGANIZATION = "org_demo";

	private final ObjectProvider<EmbeddedRedisServer> embeddedRedis;

	private final ApiKeyAdministration administration;

	private final AdminCredential admin;

	private final McpEdgeProperties properties;

	private final ObjectProvider<DevelopmentIdentityProvider> identityProvider;

	DemoOrganization(ObjectProvider<EmbeddedRedisServer> embeddedRedis, ApiKeyAdministration administration,
			AdminCredential admin, McpEdgeProperties properties, ObjectProvider<DevelopmentIdentityProvider> identityProvider) {
		this.embeddedRedis = embeddedRedis;
		this.identityProvider = identityProvider;
		this.administration = administration;
		this.admin = admin;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	void createAndPrint() {
		DevelopmentIdentityProvider provider = identityProvider.getIfAvailable();
		if (embeddedRedis.getIfAvailable() == null && provider == null) {
			return;
		}
		String base = properties.publicUrl().toString().replaceAll("/$", "");
		StringBuilder out = new StringBuilder();
		out.append("\n================ mcp-edge development defaults ================\n");
		if (embeddedRedis.getIfAvailable() != null) {
			appendKeys(out, base);
		}
		if (provider != null) {
			appendSignIn(out, base, provider);
		}
		out.append("================================================================\n");
		System.out.println(out);
	}

	private void appendKeys(StringBuilder out, String base) {
		List<ApiKeyRecord> existing = administration.list(ORGANIZATION).collectList().block(Duration.ofSeconds(5));
		// with test mode off (empty test prefix) there are only live keys
		String test = administration.format().testMode() ? keyFor(existing, Mode.TEST) : null;
		String live = keyFor(existing, Mode.LIVE);
		out.append(properties.backend().url() == null ? "Embedded Redis and the demo MCP server are running (nothing is persisted).\n"
				: "Embedded Redis is running (nothing is persisted); the backend is " + properties.backend().url() + "\n");
		out.append("Demo organization: ").append(ORGANIZATION).append('\n');
		if (test != null) {
			out.append("  test key: ").append(test).append('\n');
		}
		out.append("  live key: ").append(live).append('\n');
		if (admin.generated()) {
			out.append("Admin token: ").append(admin.token()).append('\n');
		}
		out.append("MCP endpoint: ").append(base).append("/api/mcp\n");
		out.append("Try:\n  curl -s ").append(base).append("/api/mcp -H 'Authorization: Bearer ").append(test != null ? test : live)
			.append("' \\\n    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \\\n")
			.append("    -d '{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",")
			.append("\"capabilities\":{},\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}' -i\n");
	}

	private void appendSignIn(StringBuilder out, String base, DevelopmentIdentityProvider provider) {
		out.append("Development identity provider (OAuth, in-process, nothing persisted): ").append(provider.issuer()).append('\n');
		properties.endpoints().stream().filter(EndpointProperties::acceptsOAuth).forEach(endpoint -> out
			.append("OAuth endpoint: ").append(base).append(endpoint.path()).append(" (clients register and sign in through the browser)\n"));
		out.append("Demo users: ").append(String.join(", ", provider.users().stream()
			.map(user -> user.username() + " (" + user.organization() + ")").toList())).append('\n');
		out.append("Dashboard: ").append(base).append("/dashboard\n");
		for (DemoUser user : provider.users()) {
			out.append("Sign in as: ").append(user.username()).append(" / ").append(user.password()).append('\n');
		}
		out.append("Client credentials: ").append(provider.client().clientId()).append(" / ").append(provider.client().secret())
			.append("   (").append(provider.client().organization()).append(", token endpoint ").append(provider.issuer())
			.append("/oauth2/token)\n");
	}

	private String keyFor(List<ApiKeyRecord> existing, Mode mode) {
		return existing.stream()
			.filter(k -> k.mode() == mode && k.status() == KeyStatus.ACTIVE)
			.findFirst()
			.map(k -> k.redactedKey() + " (" + k.id() + ", created earlier; its secret was shown then)")
			.orElseGet(() -> create(mode));
	}

	private String create(Mode mode) {
		NewApiKey request = new NewApiKey("demo " + mode.value() + " key", ORGANIZATION, null, null, mode, null, null,
				null);
		return administration.create(request).map(IssuedApiKey::secret).block(Duration.ofSeconds(5));
	}
}
