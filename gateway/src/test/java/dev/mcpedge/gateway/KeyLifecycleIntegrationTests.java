package dev.mcpedge.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/** Every transition of a key's life, as the operator makes it and as a client then sees it. */
class KeyLifecycleIntegrationTests extends GatewayTestSupport {

	private static final String PING = McpJson.PING;

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	@BeforeEach
	void backendAccepts() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
	}

	private WebTestClient.ResponseSpec call(String key, String... headers) {
		WebTestClient.RequestBodySpec request = client.post().uri("/api/mcp").header("Authorization", "Bearer " + key);
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return request.contentType(MediaType.APPLICATION_JSON).bodyValue(PING).exchange();
	}

	private Map<String, Object> admin(String method, String path, Object body) {
		WebTestClient.RequestBodySpec request = client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.header("Authorization", "Bearer " + ADMIN_TOKEN);
		WebTestClient.RequestHeadersSpec<?> spec = body == null ? request
				: request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
		return spec.exchange().expectStatus().is2xxSuccessful().expectBody(MAP).returnResult().getResponseBody();
	}

	private LoggedRequest lastBackendRequest() {
		List<LoggedRequest> all = backend.findAll(anyRequestedFor(anyUrl()));
		return all.get(all.size() - 1);
	}

	private static void rejected(WebTestClient.ResponseSpec response, String description) {
		response.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer realm=\"mcp-edge\", error=\"invalid_token\", error_description=\"" + description + "\"")
			.expectBody().json("{\"error\":\"unauthorized\",\"error_description\":\"" + description + "\"}", true);
	}

	@Test
	void keyWhenPastExpiresAtThenRefusedAsExpiredEvenFromCacheAndAdminSaysExpired() {
		Instant expiresAt = clock.instant().plus(Duration.ofHours(1));
		Map<String, Object> created = createKey(Map.of("organizationId", "org_life", "expiresAt", expiresAt.toString()));
		String key = (String) created.get("key");
		call(key).expectStatus().isOk();

		clock.advance(Duration.ofHours(2));
		rejected(call(key), "API key has expired");
		assertThat(admin("GET", "/admin/keys/" + created.get("id"), null)).containsEntry("status", "expired");
	}

	@Test
	void lastUsedAtWhenKeyUsedManyTimesThenVisibleThroughAdminWithFewRedisWrites() throws InterruptedException {
		Map<String, Object> created = createKey(Map.of("organizationId", "org_life"));
		String key = (String) created.get("key");
		assertThat(admin("GET", "/admin/keys/" + created.get("id"), null)).containsEntry("lastUsedAt", null);
		Thread.sleep(1100); // let the writer's current interval pass, so the count below is about these calls only
		long writesBefore = TestRedis.calls("mset");
		Instant firstUse = clock.instant();
		for (int i = 0; i < 20; i++) {
			call(key).expectStatus().isOk();
		}
		Thread.sleep(1500);
		long writes = TestRedis.calls("mset") - writesBefore;
		assertThat(writes).as("coalesced writes for 20 uses").isBetween(1L, 3L);
		String lastUsed = (String) admin("GET", "/admin/keys/" + created.get("id"), null).get("lastUsedAt");
		assertThat(Instant.parse(lastUsed)).isAfterOrEqualTo(firstUse.minusMillis(1)).isBeforeOrEqualTo(clock.instant());
	}

	@Test
	void patchWhenScopesAndOrganizationsChangeThenNextRequestUsesThem() {
		Map<String, Object> created = createKey(Map.of("organizationId", "org_life", "scopes", List.of("payments:read")));
		String key = (String) created.get("key");
		String id = (String) created.get("id");
		call(key).expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Scopes")).isEqualTo("payments:read");
		call(key, "X-Organization-Id", "org_life_2").expectStatus().isForbidden();

		Map<String, Object> patched = admin("PATCH", "/admin/keys/" + id,
				Map.of("name", "renamed", "scopes", List.of("payments:read", "refunds:write"), "organizations",
						List.of("org_life_2")));
		assertThat(patched).containsEntry("name", "renamed")
			.containsEntry("scopes", List.of("payments:read", "refunds:write"))
			.containsEntry("organizations", List.of("org_life_2"))
			.containsEntry("organizationId", "org_life")
			.doesNotContainKey("key");

		call(key, "X-Organization-Id", "org_life_2").expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Scopes")).isEqualTo("payments:read refunds:write");
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_life_2");
	}

	@Test
	void patchWhenExpiryAndRateLimitSetThenClearedWithNull() {
		String id = (String) createKey(Map.of("organizationId", "org_life")).get("id");
		String in = clock.instant().plus(Duration.ofDays(1)).toString();
		Map<String, Object> set = admin("PATCH", "/admin/keys/" + id,
				Map.of("expiresAt", in, "rateLimit", Map.of("replenishRate", 2, "burstCapacity", 4)));
		assertThat(set).containsEntry("expiresAt", in).containsEntry("rateLimit", Map.of("replenishRate", 2, "burstCapacity", 4));
		Map<String, Object> cleared = admin("PATCH", "/admin/keys/" + id, "{\"expiresAt\":null,\"rateLimit\":null}");
		assertThat(cleared).containsEntry("expiresAt", null).containsEntry("rateLimit", null);
	}

	@Test
	void patchWhenFieldCannotChangeOrIsUnknownOrKeyUnknownThenRefused() {
		String id = (String) createKey(Map.of("organizationId", "org_life")).get("id");
		for (String body : new String[] { "{\"organizationId\":\"org_other\"}", "{\"mode\":\"live\"}", "{\"scope\":[\"a\"]}",
				"{\"scopes\":\"payments:read\"}", "{\"expiresAt\":\"tomorrow\"}", "{\"name\":7}" }) {
			client.patch().uri("/admin/keys/{id}", id).header("Authorization", "Bearer " + ADMIN_TOKEN)
				.contentType(MediaType.APPLICATION_JSON).bodyValue(body)
				.exchange()
				.expectStatus().isBadRequest()
				.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		}
		client.patch().uri("/admin/keys/key_unknown").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"x\"}")
			.exchange()
			.expectStatus().isNotFound();
		assertThat(admin("GET", "/admin/keys/" + id, null)).containsEntry("organizationId", "org_life").containsEntry("mode", "test");
	}

	@Test
	void rollWhenGracePeriodThenBothSecretsWorkUntilItEndsThenOnlyTheNewOne() {
		Map<String, Object> created = createKey(Map.of("organizationId", "org_life", "mode", "live"));
		String oldKey = (String) created.get("key");
		String id = (String) created.get("id");
		call(oldKey).expectStatus().isOk();

		Map<String, Object> rolled = admin("POST", "/admin/keys/" + id + "/roll", Map.of("gracePeriod", "PT1H"));
		String newKey = (String) rolled.get("key");
		assertThat(rolled).containsEntry("id", id).containsEntry("mode", "live");
		assertThat(newKey).startsWith("mcp_live_").isNotEqualTo(oldKey);
		assertThat(rolled.get("redactedKey")).isEqualTo("mcp_live_..." + newKey.substring(newKey.length() - 4));

		call(oldKey).expectStatus().isOk();
		call(newKey).expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Principal")).isEqualTo(id);

		clock.advance(Duration.ofMinutes(61));
		rejected(call(oldKey), "API key was rolled and this secret's grace period has ended; use the new secret");
		call(newKey).expectStatus().isOk();
	}

	@Test
	void rollWhenNoGracePeriodThenOldSecretRefusedAtOnce() {
		Map<String, Object> created = createKey(Map.of("organizationId", "org_life"));
		String oldKey = (String) created.get("key");
		call(oldKey).expectStatus().isOk();
		String newKey = (String) admin("POST", "/admin/keys/" + created.get("id") + "/roll", null).get("key");
		rejected(call(oldKey), "API key is not valid");
		call(newKey).expectStatus().isOk();
	}

	@Test
	void rollWhenRevokedOrBadGraceThenRefused() {
		String id = (String) createKey(Map.of("organizationId", "org_life")).get("id");
		client.post().uri("/admin/keys/{id}/roll", id).header("Authorization", "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"gracePeriod\":\"one hour\"}")
			.exchange().expectStatus().isBadRequest();
		client.post().uri("/admin/keys/{id}/roll", id).header("Authorization", "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"gracePeriod\":\"P90D\"}")
			.exchange().expectStatus().isBadRequest();
		admin("POST", "/admin/keys/" + id + "/revoke", null);
		client.post().uri("/admin/keys/{id}/roll", id).header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error").isEqualTo("conflict");
	}

	@Test
	void importWhenByValueThenForeignKeyWorksWithItsRecordFieldsAndUnknownBeforeIsForgotten() {
		String foreign = "sk_live_" + Long.toHexString(System.nanoTime()) + "ImportedFromElsewhere";
		rejected(call(foreign), "API key is not valid"); // now remembered as unknown

		Map<String, Object> imported = admin("POST", "/admin/keys/import", Map.of("key", foreign, "name", "legacy",
				"organizationId", "org_legacy", "scopes", List.of("payments:read"), "mode", "live"));
		assertThat(imported).containsEntry("organizationId", "org_legacy").containsEntry("mode", "live")
			.containsEntry("status", "active").doesNotContainKey("key");
		assertThat(imported.get("redactedKey")).isEqualTo("..." + foreign.substring(foreign.length() - 4));

		call(foreign).expectStatus().isOk();
		LoggedRequest received = lastBackendRequest();
		assertThat(received.getHeader("X-MCP-Edge-Principal")).isEqualTo(imported.get("id"));
		assertThat(received.getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
		assertThat(received.getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_legacy");
	}

	@Test
	void importWhenBySha256ThenTheSecretWorksAndIdIsKept() throws Exception {
		String secret = "partner-secret-" + System.nanoTime();
		String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		String id = "legacy_" + System.nanoTime();
		Map<String, Object> imported = admin("POST", "/admin/keys/import",
				Map.of("id", id, "keySha256", sha.toUpperCase(), "organizationId", "org_legacy", "mode", "test"));
		assertThat(imported).containsEntry("id", id).containsEntry("redactedKey", null);
		call(secret).expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Principal")).isEqualTo(id);
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Mode")).isEqualTo("test");

		client.post().uri("/admin/keys/import").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("keySha256", sha, "organizationId", "org_legacy", "mode", "test"))
			.exchange()
			.expectStatus().isEqualTo(409)
			.expectBody().jsonPath("$.error_description").isEqualTo("this secret is already registered");
	}

	@Test
	void importWhenInvalidThen400WithReason() {
		String issuedShapeBadChecksum = "mcp_test_" + "A".repeat(32) + "000000";
		Map<String, String> reasons = Map.of(
				"{\"organizationId\":\"o\",\"mode\":\"live\"}", "exactly one of key and keySha256 is required",
				"{\"organizationId\":\"o\",\"key\":\"abcdefghijklmnopqrstu\"}", "mode (test or live) is required for a key without a configured prefix",
				"{\"organizationId\":\"o\",\"key\":\"" + issuedShapeBadChecksum + "\"}", "key has the shape of an mcp-edge key but its checksum does not match, so it could never be used",
				"{\"organizationId\":\"o\",\"mode\":\"live\",\"key\":\"mcp_test_abcdefghijklmnopq\"}", "mode (live) contradicts the key's prefix (test)",
				"{\"organizationId\":\"o\",\"mode\":\"live\",\"keySha256\":\"abc\"}", "keySha256 must be 64 hexadecimal characters");
		reasons.forEach((body, reason) -> client.post().uri("/admin/keys/import").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().jsonPath("$.error_description").isEqualTo(reason));
	}

	@Test
	void keyWhenNoOrganizationHeaderThenDefaultOrganizationInEffect() {
		String key = (String) createKey(Map.of("organizationId", "org_default", "organizations", List.of("org_extra"))).get("key");
		call(key).expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_default");
		call(key, "X-Organization-Id", "org_default").expectStatus().isOk();
		assertThat(lastBackendRequest().getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_default");
	}
}
