package dev.mcpedge.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.RawHttp;
import dev.mcpedge.gateway.support.TestBackend;
import dev.mcpedge.gateway.support.TestIssuer;
import dev.mcpedge.testing.MutableClock;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAuth access tokens on {@code /api/mcp/oauth}: real RS256-signed JWTs, a real issuer over HTTP
 * (discovery document and JWKS served by WireMock for keys this test generates), and a WireMock
 * backend that shows what it received.
 */
@EdgeIntegrationTest(properties = { "mcp-edge.public-url=https://mcp.example.com/edge",
				// the two default endpoints, and the single-endpoint layout of config/examples/single-endpoint.yml
				"mcp-edge.endpoints[0].path=/api/mcp", "mcp-edge.endpoints[0].credentials=api-key",
				"mcp-edge.endpoints[1].path=/api/mcp/oauth", "mcp-edge.endpoints[1].credentials=oauth",
				"mcp-edge.endpoints[2].path=/mcp", "mcp-edge.endpoints[2].credentials=api-key,oauth",
				"mcp-edge.admin.token=oauth-admin-token-0123456789",
				"mcp-edge.oauth.scopes-supported=payments:read,refunds:write,offline_access",
				"logging.level.dev.mcpedge.oauth=debug" })
@Import(MutableClock.Config.class)
class OAuthIntegrationTests {

	private static final String RESOURCE = "https://mcp.example.com/edge/api/mcp/oauth";

	private static final TestIssuer testIssuer = new TestIssuer();

	@Autowired
	TestBackend backend;

	private static final RSAKey KEY_1 = testIssuer.key();

	private static final String issuer = testIssuer.id();

	private static final WireMockServer issuerServer = testIssuer.server();

	/** A trusted issuer whose metadata cannot be fetched: nothing listens on port 9. */
	private static final String DOWN_ISSUER = "http://127.0.0.1:9/down";

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	private WebTestClient client;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		// a list binds from one property source only: the whole issuer entry goes here
		testIssuer.registerWithOrganizations(registry, 0);
		registry.add("mcp-edge.oauth.issuers[1].issuer-uri", () -> DOWN_ISSUER);
	}

	@AfterAll
	static void stop() {
		testIssuer.close();
	}

	@BeforeEach
	void reset() {
		backend.resetToEmptyResult();
		clock.reset();
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	private static JWTClaimsSet.Builder issuedAgo(JWTClaimsSet.Builder claims, Duration ago) {
		Date then = Date.from(Instant.now().minus(ago));
		return claims.issueTime(then).notBeforeTime(then);
	}

	private static JWTClaimsSet.Builder claims() {
		return testIssuer.claims(RESOURCE);
	}

	private static String token(Consumer<JWTClaimsSet.Builder> change) {
		return testIssuer.token(RESOURCE, change);
	}

	private WebTestClient.ResponseSpec call(String token, String... headers) {
		return McpClient.of(client).path("/api/mcp/oauth").bearer(token).headers(headers).ping();
	}

	private void refused(String token, String description) {
		call(token).expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer resource_metadata=\""
					+ "https://mcp.example.com/.well-known/oauth-protected-resource/edge/api/mcp/oauth\", error=\"invalid_token\", "
					+ "error_description=\"" + description + "\"")
			.expectBody().json("{\"error\":\"unauthorized\",\"error_description\":\"" + description + "\"}", true);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).as("nothing forwarded").isEmpty();
	}

	private LoggedRequest received() {
		List<LoggedRequest> all = backend.findAll(anyRequestedFor(anyUrl()));
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	@Test
	void tokenWhenValidThenBackendGetsIdentityFromClaimsAndNeverTheToken() {
		String token = token(c -> {
		});
		call(token).expectStatus().isOk().expectHeader().exists("X-Request-Id");
		LoggedRequest request = received();
		assertThat(request.containsHeader("Authorization")).isFalse();
		assertThat(request.getHeader("X-MCP-Edge-Auth-Method")).isEqualTo("oauth");
		assertThat(request.getHeader("X-MCP-Edge-Principal")).isEqualTo("user_42");
		assertThat(request.getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_a");
		assertThat(request.getHeader("X-MCP-Edge-Scopes")).isEqualTo("payments:read refunds:write");
		assertThat(request.getHeader("X-MCP-Edge-Access")).isEqualTo("scoped");
		assertThat(request.getHeader("X-MCP-Edge-Mode")).as("OAuth calls choose their mode per call; a ping has none")
			.isEqualTo("none");
		assertThat(request.getBodyAsString()).doesNotContain(token);
	}

	@Test
	void tokenWhenClientNamesIdentityHeadersInConnectionThenBackendStillGetsEveryOne() throws Exception {
		String token = token(c -> {
		});
		RawHttp.Response response = RawHttp.exchange(port, "POST", "/api/mcp/oauth", Map.of("Authorization", "Bearer " + token,
				"Content-Type", "application/json", "Connection", "keep-alive, X-MCP-Edge-Scopes, X-MCP-Edge-Mode, "
						+ "X-MCP-Edge-Organization-Id, X-MCP-Edge-Access, X-MCP-Edge-Principal, X-Request-Id"),
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
		assertThat(response.status()).isEqualTo(200);
		LoggedRequest request = received();
		assertThat(request.getHeader("X-MCP-Edge-Principal")).isEqualTo("user_42");
		assertThat(request.getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_a");
		assertThat(request.getHeader("X-MCP-Edge-Scopes")).isEqualTo("payments:read refunds:write");
		assertThat(request.getHeader("X-MCP-Edge-Access")).isEqualTo("scoped");
		assertThat(request.getHeader("X-MCP-Edge-Mode")).isEqualTo("none");
		assertThat(request.getHeader("X-Request-Id")).isEqualTo(response.header("X-Request-Id"));
	}

	@Test
	void tokenWhenScopesAsScpListAndNoScopeThenMapped() {
		String token = token(c -> c.claim("scope", null).claim("scp", List.of("payments:read")));
		call(token).expectStatus().isOk();
		assertThat(received().getHeader("X-MCP-Edge-Scopes")).isEqualTo("payments:read");
	}

	@Test
	void tokenWhenNoScopesThenRestrictedToNothingNotUnrestricted() {
		String token = token(c -> c.claim("scope", null));
		call(token).expectStatus().isOk();
		assertThat(received().getHeader("X-MCP-Edge-Scopes")).isEmpty();
	}

	@Test
	void organizationHeaderWhenAllowedByTokenThenInEffectElse403() {
		call(token(c -> {
		}), "X-Organization-Id", "org_b").expectStatus().isOk();
		assertThat(received().getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_b");
		backend.resetRequests();
		call(token(c -> {
		}), "X-Organization-Id", "org_c").expectStatus().isForbidden()
			.expectBody().json("{\"detail\":\"Access denied\"}", true);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void tokenWhenExpiredOrNotYetValidThenRefused() {
		refused(token(c -> issuedAgo(c, Duration.ofMinutes(20)).expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(2))))),
				"access token has expired");
		refused(token(c -> c.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))),
				"access token is not valid yet (nbf)");
	}

	@Test
	void tokenWhenWithinClockSkewThenAccepted() {
		call(token(c -> issuedAgo(c, Duration.ofMinutes(20)).expirationTime(Date.from(Instant.now().minusSeconds(10)))))
			.expectStatus().isOk();
	}

	@Test
	void tokenWhenForAnotherAudienceThenRefused() {
		refused(token(c -> c.audience("https://other.example.com/mcp")),
				"access token is not for this resource (audience must include " + RESOURCE + ")");
		backend.resetRequests();
		refused(token(c -> c.audience("https://mcp.example.com/edge/api/mcp")),
				"access token is not for this resource (audience must include " + RESOURCE + ")");
	}

	@Test
	void tokenWhenFromAnotherIssuerThenRefused() {
		refused(token(c -> c.issuer("https://evil.example.com")), "access token issuer is not trusted");
	}

	@Test
	void tokenWhenSignedWithUnknownKeyOrTamperedThenRefused() {
		refused(TestIssuer.sign(TestIssuer.rsa("k9"), claims().build()), "access token signature could not be verified");
		backend.resetRequests();
		String signed = token(c -> {
		});
		String[] parts = signed.split("\\.");
		String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
				claims().subject("admin").build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
		refused(parts[0] + "." + forgedPayload + "." + parts[2], "access token signature could not be verified");
	}

	@Test
	void tokenWhenAlgNoneOrHs256WithThePublicKeyAsSecretThenRefused() throws Exception {
		refused(new PlainJWT(claims().build()).serialize(), "access token signature could not be verified");
		backend.resetRequests();
		SignedJWT hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
		hs256.sign(new MACSigner(KEY_1.toRSAPublicKey().getEncoded()));
		refused(hs256.serialize(), "access token signature could not be verified");
	}

	@Test
	void tokenWhenSignedWithRotatedKeyThenAcceptedWithoutRestart() {
		call(token(c -> {
		})).expectStatus().isOk();
		RSAKey rotated = TestIssuer.rsa("k2-" + System.nanoTime());
		testIssuer.publish(KEY_1, rotated);
		// the JWKS is fetched again for an unknown key id at most once per jwks-refresh-cooldown (30s)
		clock.advance(Duration.ofSeconds(31));
		backend.resetRequests();
		call(TestIssuer.sign(rotated, claims().build())).expectStatus().isOk();
		assertThat(received().getHeader("X-MCP-Edge-Principal")).isEqualTo("user_42");
	}

	@Test
	void tokenWhenUsedAgainThenNotFetchedOrVerifiedAgain() {
		String token = token(c -> c.subject("cached_user"));
		call(token).expectStatus().isOk();
		int fetches = issuerServer.findAll(getRequestedFor(urlEqualTo("/issuer/jwks"))).size();
		for (int i = 0; i < 5; i++) {
			call(token).expectStatus().isOk();
		}
		assertThat(issuerServer.findAll(getRequestedFor(urlEqualTo("/issuer/jwks")))).hasSize(fetches);
	}

	@Test
	void noTokenThenChallengeAndMetadataNameTheIssuerAndScopesWithoutOfflineAccess() {
		client.post().uri("/api/mcp/oauth").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/edge/api/mcp/oauth\"");
		client.get().uri("/.well-known/oauth-protected-resource/edge/api/mcp/oauth")
			.exchange()
			.expectStatus().isOk()
			.expectBody().json("{\"resource\":\"" + RESOURCE + "\",\"authorization_servers\":[\"" + issuer + "\",\"" + DOWN_ISSUER + "\"],"
					+ "\"scopes_supported\":[\"payments:read\",\"refunds:write\"],\"bearer_methods_supported\":[\"header\"],"
					+ "\"resource_name\":\"mcp-edge\"}", true);
	}

	@Test
	void tokenWhenIssuerUnreachableThen503NotA401() {
		call(token(c -> c.issuer(DOWN_ISSUER))).expectStatus().isEqualTo(503)
			.expectHeader().valueEquals("Retry-After", "1")
			.expectBody().json("{\"error\":\"temporarily_unavailable\"}", true);
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void singleEndpointWhenKeyOrTokenThenEachCheckedAsWhatItIs() {
		String key = new AdminClient(client, "oauth-admin-token-0123456789").key("org_single", "live");
		String resource = "https://mcp.example.com/edge/mcp";
		for (String credential : List.of(key, token(c -> c.audience(resource)))) {
			McpClient.of(client).path("/mcp").bearer(credential).ping().expectStatus().isOk();
		}
		List<LoggedRequest> received = backend.findAll(anyRequestedFor(anyUrl()));
		assertThat(received).extracting(r -> r.getHeader("X-MCP-Edge-Auth-Method")).containsExactly("api_key", "oauth");
		assertThat(received.get(0).getHeader("X-MCP-Edge-Mode")).isEqualTo("live");
		assertThat(received.get(1).getHeader("X-MCP-Edge-Principal")).isEqualTo("user_42");

		// a token for the two-endpoint layout's resource is not for this one
		backend.resetRequests();
		client.post().uri("/mcp").header("Authorization", "Bearer " + token(c -> {
		})).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueMatches(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer resource_metadata=\"https://mcp\\.example\\.com/\\.well-known/oauth-protected-resource/edge/mcp\", error=\"invalid_token\".*");
		client.post().uri("/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE,
					"Bearer resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/edge/mcp\"");
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).isEmpty();
	}

	@Test
	void apiKeyEndpointWhenJwtPresentedThenRefusedAsKey() {
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + token(c -> {
		})).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
			.exchange()
			.expectStatus().isUnauthorized()
			.expectBody().jsonPath("$.error_description").isEqualTo("API key is malformed");
	}

}
