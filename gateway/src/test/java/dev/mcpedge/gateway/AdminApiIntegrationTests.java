package dev.mcpedge.gateway;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The key part of the admin API as an operator uses it. */
@SuppressWarnings("unchecked")
class AdminApiIntegrationTests extends GatewayTestSupport {

	@Test
	void createWhenValidThen201WithSecretOnceAndRecordFields() {
		Map<String, Object> created = createKey(Map.of("name", "partner ci", "organizationId", "org_admin1", "organizations",
				List.of("org_admin2"), "scopes", List.of("payments:read"), "mode", "live", "expiresAt",
				"2030-01-01T00:00:00Z", "rateLimit", Map.of("replenishRate", 5, "burstCapacity", 10), "metadata",
				Map.of("team", "ci")));
		assertThat((String) created.get("key")).startsWith("mcp_live_").hasSize("mcp_live_".length() + 38);
		assertThat((String) created.get("id")).startsWith("key_");
		assertThat(created).containsEntry("name", "partner ci")
			.containsEntry("organizationId", "org_admin1")
			.containsEntry("organizations", List.of("org_admin2"))
			.containsEntry("scopes", List.of("payments:read"))
			.containsEntry("mode", "live")
			.containsEntry("status", "active")
			.containsEntry("expiresAt", "2030-01-01T00:00:00Z")
			.containsEntry("lastUsedAt", null)
			.containsEntry("rateLimit", Map.of("replenishRate", 5, "burstCapacity", 10))
			.containsKey("createdAt");
		String secret = (String) created.get("key");
		assertThat(created.get("redactedKey")).isEqualTo("mcp_live_..." + secret.substring(secret.length() - 4));

		client.get().uri("/admin/keys/{id}", created.get("id")).header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.id").isEqualTo(created.get("id"))
			.jsonPath("$.status").isEqualTo("active")
			.jsonPath("$.key").doesNotExist()
			.consumeWith(body -> assertThat(new String(body.getResponseBody())).doesNotContain(secret));
	}

	@Test
	void createWhenModeOmittedThenTestKey() {
		Map<String, Object> created = createKey(Map.of("organizationId", "org_admin1"));
		assertThat(created).containsEntry("mode", "test");
		assertThat((String) created.get("key")).startsWith("mcp_test_");
	}

	@Test
	void listWhenOrganizationGivenThenOnlyItsKeysWithoutSecrets() {
		String a = (String) createKey("org_list_a", "test", List.of()).get("id");
		String b = (String) createKey("org_list_a", "live", List.of()).get("id");
		createKey("org_list_b", "test", List.of());
		client.get().uri("/admin/keys?organizationId=org_list_a").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectStatus().isOk()
			.expectBody()
			.jsonPath("$.data.length()").isEqualTo(2)
			.jsonPath("$.data[*].id").value(ids -> assertThat((List<Object>) ids).containsExactlyInAnyOrder(a, b))
			.jsonPath("$.data[*].key").isEmpty();
	}

	@Test
	void listWhenOrganizationMissingThen400() {
		client.get().uri("/admin/keys").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody().json("{\"error\":\"invalid_request\",\"error_description\":\"organizationId is required\"}", true);
	}

	@Test
	void createWhenUnknownFieldThen400AndNoKey() {
		client.post().uri("/admin/keys").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"organizationId\":\"org_typo\",\"scope\":[\"payments:read\"]}")
			.exchange()
			.expectStatus().isBadRequest()
			.expectBody()
			.jsonPath("$.error").isEqualTo("invalid_request")
			.jsonPath("$.error_description").value(d -> assertThat((String) d).contains("scope"));
		client.get().uri("/admin/keys?organizationId=org_typo").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectBody().jsonPath("$.data.length()").isEqualTo(0);
	}

	@Test
	void createWhenOrganizationMissingOrBodyMalformedThen400() {
		for (String body : new String[] { "{\"name\":\"x\"}", "{not json", "{\"organizationId\":\"o\",\"mode\":\"staging\"}",
				"{\"organizationId\":\"o\",\"rateLimit\":{\"replenishRate\":10,\"burstCapacity\":5}}" }) {
			client.post().uri("/admin/keys").header("Authorization", "Bearer " + ADMIN_TOKEN)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchange()
				.expectStatus().isBadRequest()
				.expectHeader().exists("X-Request-Id")
				.expectBody().jsonPath("$.error").isEqualTo("invalid_request");
		}
	}

	@Test
	void getOrRevokeWhenUnknownIdThen404() {
		client.get().uri("/admin/keys/key_nope").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.error").isEqualTo("not_found");
		client.post().uri("/admin/keys/key_nope/revoke").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectStatus().isNotFound();
	}

	@Test
	void revokeWhenCalledTwiceThenStillRevoked() {
		String id = (String) createKey("org_admin1", "test", List.of()).get("id");
		for (int i = 0; i < 2; i++) {
			client.post().uri("/admin/keys/{id}/revoke", id).header("Authorization", "Bearer " + ADMIN_TOKEN)
				.exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.status").isEqualTo("revoked");
		}
	}

	@Test
	void adminWhenNoOrWrongTokenThen401AndNothingCreated() {
		client.post().uri("/admin/keys").contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"organizationId\":\"org_noauth\"}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mcp-edge-admin\"")
			.expectBody().json("{\"error\":\"unauthorized\"}", true);
		client.post().uri("/admin/keys").header("Authorization", "Bearer wrong-admin-token-000000")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"organizationId\":\"org_noauth\"}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error_description").isEqualTo("admin token is not valid");
		client.get().uri("/admin/keys?organizationId=org_noauth").header("Authorization", "Bearer " + ADMIN_TOKEN)
			.exchange()
			.expectBody().jsonPath("$.data.length()").isEqualTo(0);
	}

	@Test
	void adminWhenApiKeyUsedAsAdminTokenThen401() {
		String key = (String) createKey("org_admin1", "live", List.of()).get("key");
		client.get().uri("/admin/keys?organizationId=org_admin1").header("Authorization", "Bearer " + key)
			.exchange()
			.expectStatus().isUnauthorized();
	}
}
