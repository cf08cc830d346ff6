package dev.mcpedge.gateway;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.TestIssuer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The OAuth endpoint's challenge and the protected resource metadata it points at (RFC 9728). */
class DiscoveryIntegrationTests extends GatewayTestSupport {

	private static final String METADATA_URL = "https://mcp.example.com/.well-known/oauth-protected-resource/edge/api/mcp/oauth";

	@Autowired
	private TestIssuer issuer;

	@Test
	void postWhenOAuthEndpointAndNoCredentialThen401PointingAtMetadataBuiltFromPublicUrl() {
		client.post().uri("/api/mcp/oauth").header("Host", "attacker.example")
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer resource_metadata=\"" + METADATA_URL + "\"")
			.expectBody().json("{\"error\":\"unauthorized\"}", true);
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void postWhenOAuthEndpointAndTokenThen401InvalidTokenWithMetadata() {
		client.post().uri("/api/mcp/oauth").header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig")
			.contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer resource_metadata=\"" + METADATA_URL.replace(".", "\\.") + "\", error=\"invalid_token\".*")
			.expectBody().jsonPath("$.error").isEqualTo("unauthorized");
		assertThat(backend.getAllServeEvents()).isEmpty();
	}

	@Test
	void getWhenMetadataPathWithOrWithoutPublicPrefixThenSameDocumentReadableCrossOrigin() {
		for (String path : new String[] { "/.well-known/oauth-protected-resource/edge/api/mcp/oauth",
				"/.well-known/oauth-protected-resource/api/mcp/oauth", "/.well-known/oauth-protected-resource" }) {
			client.get().uri(path).header("Origin", "https://claude.ai")
				.exchange()
				.expectStatus().isOk()
				.expectHeader().valueEquals("Access-Control-Allow-Origin", "*")
				.expectHeader().exists("X-Request-Id")
				.expectBody()
				.json("""
						{"resource":"https://mcp.example.com/edge/api/mcp/oauth","authorization_servers":["%s"],
						 "bearer_methods_supported":["header"],"resource_name":"mcp-edge"}""".formatted(issuer.id()), true);
		}
	}

	@Test
	void getWhenApiKeyEndpointMetadataThenItsOwnResource() {
		client.get().uri("/.well-known/oauth-protected-resource/api/mcp")
			.exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.resource").isEqualTo("https://mcp.example.com/edge/api/mcp");
	}

	@Test
	void optionsWhenPreflightThenCorsAllowsGet() {
		client.options().uri("/.well-known/oauth-protected-resource/api/mcp/oauth")
			.header("Origin", "https://claude.ai").header("Access-Control-Request-Method", "GET")
			.exchange()
			.expectStatus().isOk()
			.expectHeader().valueEquals("Access-Control-Allow-Origin", "*")
			.expectHeader().valueEquals("Access-Control-Allow-Methods", "GET,OPTIONS");
	}

	@Test
	void getWhenNoSuchEndpointThen404Json() {
		client.get().uri("/.well-known/oauth-protected-resource/api/other")
			.exchange()
			.expectStatus().isNotFound()
			.expectBody().jsonPath("$.error").isEqualTo("not_found");
	}

	@Test
	void readinessWhenRedisAndBackendUpThenUp() {
		client.get().uri("/actuator/health/readiness").exchange()
			.expectStatus().isOk()
			.expectBody().jsonPath("$.status").isEqualTo("UP")
			.jsonPath("$.components.backend.status").isEqualTo("UP")
			.jsonPath("$.components.redis.status").isEqualTo("UP");
	}
}
