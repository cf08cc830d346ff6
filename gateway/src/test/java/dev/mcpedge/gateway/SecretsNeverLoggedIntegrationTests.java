package dev.mcpedge.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key operation and every kind of refusal, with the edge's own logging at DEBUG: no secret
 * used appears in the captured log output.
 */
@ExtendWith(OutputCaptureExtension.class)
@EdgeIntegrationTest(
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.admin.token=secret-log-admin-token-012345",
				"logging.level.dev.mcpedge=debug" })
class SecretsNeverLoggedIntegrationTests {

	private static final String ADMIN = "secret-log-admin-token-012345";

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	/**
	 * Logging levels are global to the JVM and other test contexts change them; this test sets the
	 * level it relies on itself.
	 */
	@BeforeEach
	void logLevel() {
		backend.resetAll();
		backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(202)));
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.mcpedge", LogLevel.DEBUG);
	}

	@AfterEach
	void resetLogLevel() {
		LoggingSystem.get(getClass().getClassLoader()).setLogLevel("dev.mcpedge", null);
	}

	@Test
	void keyLifecycleAndRefusalsWhenLoggedAtDebugThenNoSecretInOutput(CapturedOutput output) {
		WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		List<String> secrets = new ArrayList<>(List.of(ADMIN));
		ParameterizedTypeReference<Map<String, Object>> map = new ParameterizedTypeReference<>() {
		};

		Map<String, Object> created = new AdminClient(client, ADMIN).createKey(Map.of("organizationId", "org_log"));
		String key = (String) created.get("key");
		secrets.add(key);
		String mistyped = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
		secrets.add(mistyped);
		String imported = "imported-log-secret-" + System.nanoTime();
		secrets.add(imported);

		for (String bearer : List.of(key, mistyped, "mcp_test_unknownButWellFormedXXXXXXXXXXXXXXXXXXX", imported)) {
			client.post().uri("/api/mcp").header("Authorization", "Bearer " + bearer)
				.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange();
		}
		client.post().uri("/api/mcp?api_key=" + key).contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
			.expectStatus().isBadRequest();
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key, "Bearer " + key).bodyValue("{}").exchange()
			.expectStatus().isBadRequest();
		client.post().uri("/admin/keys/import").header("Authorization", "Bearer " + ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organizationId", "org_log", "mode", "live", "key", imported))
			.exchange().expectStatus().isCreated();
		client.post().uri("/admin/keys/import").header("Authorization", "Bearer " + ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("organizationId", "org_log", "mode", "live", "key", imported))
			.exchange().expectStatus().isEqualTo(409);
		String rolled = (String) client.post().uri("/admin/keys/{id}/roll", created.get("id"))
			.header("Authorization", "Bearer " + ADMIN).exchange().expectStatus().isOk()
			.expectBody(map).returnResult().getResponseBody().get("key");
		secrets.add(rolled);
		client.post().uri("/admin/keys/{id}/revoke", created.get("id")).header("Authorization", "Bearer " + ADMIN)
			.exchange().expectStatus().isOk();
		for (String bearer : List.of(key, rolled)) {
			client.post().uri("/api/mcp").header("Authorization", "Bearer " + bearer)
				.contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isUnauthorized();
		}
		client.get().uri("/admin/keys?organizationId=org_log").header("Authorization", "Bearer wrong-" + ADMIN)
			.exchange().expectStatus().isUnauthorized();

		String logged = output.getAll();
		assertThat(logged).as("the edge's DEBUG logging is on and mentions keys, redacted")
			.contains("API key mcp_test_..." + key.substring(key.length() - 4) + " refused: API key is not valid")
			.contains("API key mcp_test_..." + rolled.substring(rolled.length() - 4) + " refused: API key has been revoked");
		for (String secret : secrets) {
			assertThat(logged).doesNotContain(secret);
		}
	}
}
