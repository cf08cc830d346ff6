package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** One audit record per MCP request, in the log and in the Redis stream, never with secrets or arguments. */
@ExtendWith(OutputCaptureExtension.class)
@EdgeIntegrationTest(
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=audit-admin-token-0123456789",
				"mcp-edge.audit.redis-stream=true", "mcp-edge.policy.read-tools=get_*" })
class AuditIntegrationTests {

	private static final String ADMIN = "audit-admin-token-0123456789";

	@Autowired
	TestBackend backend;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	/**
	 * Logging levels are global to the JVM and other test contexts change them; this test sets the
	 * level it relies on itself.
	 */
	@BeforeEach
	void logLevel() {
		backend.resetToEmptyResult();
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("mcp-edge.audit", LogLevel.INFO);
	}

	@AfterEach
	void resetLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("mcp-edge.audit", null);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> auditLines(String output) {
		return output.lines()
			.filter(line -> line.contains("mcp-edge.audit") && line.contains("{\"requestId\""))
			.map(line -> (Map<String, Object>) JSON.readValue(line.substring(line.indexOf("{\"requestId\"")), Map.class))
			.toList();
	}

	@Test
	@SuppressWarnings("unchecked")
	void mcpRequestsWhenAllowedRefusedOrUnauthenticatedThenEachAuditedOnceWithoutSecretsOrArguments(CapturedOutput output)
			throws InterruptedException {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		String organization = "org_audit_" + System.nanoTime();
		Map<String, Object> key = new AdminClient(client, ADMIN).createKey(Map.of("organizationId", organization, "mode", "test"));
		String secret = (String) key.get("key");
		McpClient mcp = McpClient.of(client);

		String allowed = mcp.bearer(secret).send(McpJson.toolCall(1, "get_balance", """
				{"card":"4242-private"}"""))
			.expectStatus().isOk().returnResult(Void.class).getResponseHeaders().getFirst("X-Request-Id");
		mcp.bearer(secret).send(McpJson.toolCall(2, "get_balance", """
				{"api_test_mode":false}"""))
			.expectStatus().isOk();
		mcp.send(McpJson.request(3, "ping")).expectStatus().isUnauthorized();

		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (auditLines(output.getOut()).size() < 3 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		List<Map<String, Object>> records = auditLines(output.getOut());
		assertThat(records).hasSize(3);
		assertThat(records.get(0)).containsEntry("requestId", allowed)
			.containsEntry("endpoint", "/api/mcp")
			.containsEntry("authMethod", "api_key")
			.containsEntry("principal", key.get("id"))
			.containsEntry("keyId", key.get("id"))
			.containsEntry("organizationId", organization)
			.containsEntry("method", "tools/call")
			.containsEntry("tool", "get_balance")
			.containsEntry("mode", "test")
			.containsEntry("decision", "allowed")
			.containsEntry("reason", null)
			.containsEntry("status", 200)
			.containsKeys("time", "latencyMs")
			.doesNotContainKey("arguments");
		assertThat(records.get(1)).containsEntry("decision", "refused").containsEntry("status", 200)
			.containsEntry("reason", "This is a test key: it can only work on test data. Pass api_test_mode: true or omit it.");
		assertThat(records.get(2)).containsEntry("decision", "refused").containsEntry("status", 401)
			.containsEntry("reason", "unauthorized").containsEntry("authMethod", null);
		assertThat(output.getAll()).doesNotContain(secret).doesNotContain("4242-private");

		List<Map<String, Object>> stored = stored(client, organization, 3);
		assertThat(stored).hasSize(3).allSatisfy(r -> assertThat(r).containsEntry("organizationId", organization));
		assertThat(stored.get(0).get("decision")).as("newest first").isEqualTo("refused");
		assertThat(stored.get(2)).as("the key's creation, through the admin API")
			.containsEntry("action", "key.created").containsEntry("via", "admin-api");
	}

	@Test
	void keyChangesWhenMadeThroughTheAdminApiThenEachAuditedWithoutTheSecret(CapturedOutput output)
			throws InterruptedException {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		AdminClient admin = new AdminClient(client, ADMIN);
		String organization = "org_audit_keys_" + System.nanoTime();
		Map<String, Object> key = admin.createKey(Map.of("organizationId", organization, "mode", "test"));
		String id = (String) key.get("id");
		admin.send(HttpMethod.PATCH, "/admin/keys/" + id, Map.of("name", "renamed"));
		Map<String, Object> rolled = admin.roll(id, "PT0S");
		admin.revoke(id);

		List<Map<String, Object>> stored = stored(client, organization, 4);
		assertThat(stored).extracting(r -> r.get("action"))
			.as("newest first")
			.containsExactly("key.revoked", "key.rolled", "key.updated", "key.created");
		assertThat(stored).allSatisfy(r -> assertThat(r).containsEntry("via", "admin-api")
			.containsEntry("principal", "admin")
			.containsEntry("issuer", "mcp-edge")
			.containsEntry("keyId", id)
			.containsEntry("organizationId", organization)
			.doesNotContainKey("key"));
		assertThat(output.getAll()).contains("\"action\":\"key.rolled\"")
			.doesNotContain((String) key.get("key"))
			.doesNotContain((String) rolled.get("key"));
	}

	/**
	 * A quiet organization's newest records are found however many records busier organizations wrote
	 * after them (each organization has a stream of its own, not a filter over the newest records of all).
	 */
	@Test
	@SuppressWarnings("unchecked")
	void auditWhenOtherOrganizationsWroteManyRecordsSinceThenAQuietOrganizationsNewestAreStillReturned()
			throws InterruptedException {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		AdminClient admin = new AdminClient(client, ADMIN);
		String quiet = "org_audit_quiet_" + System.nanoTime();
		String busy = "org_audit_busy_" + System.nanoTime();
		String quietKey = (String) admin.createKey(Map.of("organizationId", quiet, "mode", "test")).get("key");
		String busyKey = (String) admin.createKey(Map.of("organizationId", busy, "mode", "test")).get("key");
		String quietCall = McpClient.of(client).bearer(quietKey).send(McpJson.request(1, "ping"))
			.expectStatus().isOk().returnResult(Void.class).getResponseHeaders().getFirst("X-Request-Id");
		stored(client, quiet, 2);
		for (int i = 0; i < 120; i++) {
			McpClient.of(client).bearer(busyKey).send(McpJson.request(i, "ping")).expectStatus().isOk();
		}
		stored(client, busy, 100);

		List<Map<String, Object>> newest = (List<Map<String, Object>>) client.get()
			.uri("/admin/audit?organizationId={org}&limit=1", quiet)
			.header("Authorization", "Bearer " + ADMIN).exchange().expectStatus().isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			}).returnResult().getResponseBody().get("data");
		assertThat(newest).singleElement().satisfies(r -> assertThat(r).containsEntry("requestId", quietCall)
			.containsEntry("organizationId", quiet).containsEntry("method", "ping"));
		assertThat(stored(client, busy, 100)).as("limit 100 by default").hasSize(100)
			.allSatisfy(r -> assertThat(r).containsEntry("organizationId", busy));
	}

	/** The organization's records in the Redis stream, newest first, once there are {@code count}. */
	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> stored(WebTestClient client, String organization, int count)
			throws InterruptedException {
		List<Map<String, Object>> stored = List.of();
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (stored.size() < count && System.nanoTime() < deadline) {
			stored = (List<Map<String, Object>>) client.get().uri("/admin/audit?organizationId={org}", organization)
				.header("Authorization", "Bearer " + ADMIN).exchange().expectStatus().isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				}).returnResult().getResponseBody().get("data");
			Thread.sleep(20);
		}
		return stored;
	}
}
