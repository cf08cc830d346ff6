package dev.mcpedge.gateway;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpJson;
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
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attacks on the OAuth endpoint (issue 12, findings 4, 11 and 14), each against the real gateway
 * with really signed tokens from issuers served over HTTP: forged key ids that would make the edge
 * fetch the issuer's JWKS per request, claims of the wrong type or with control characters, scope
 * wildcards from the identity provider, and tokens of the wrong {@code typ}.
 */
@EdgeIntegrationTest(properties = { "mcp-edge.public-url=https://mcp.example.com",
				"mcp-edge.policy.read-tools=get_*", "mcp-edge.policy.write-tools=create_refund",
				"mcp-edge.policy.tool-scopes.get_balance=payments:read",
				"mcp-edge.policy.tool-scopes.create_refund=refunds:write",
				// the attacks below fail authentication many times from one address
				"mcp-edge.rate-limits.failed-auth.replenish-rate=100", "mcp-edge.rate-limits.failed-auth.burst-capacity=1000" })
@Import(MutableClock.Config.class)
class OAuthHardeningIntegrationTests {

	private static final String RESOURCE = "https://mcp.example.com/api/mcp/oauth";

	private static final String CHALLENGE = "Bearer resource_metadata=\""
			+ "https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp/oauth\", error=\"invalid_token\", ";

	/** Default settings: no typ check, scopes literal. */
	private static final TestIssuer idp = new TestIssuer();

	/** {@code token-type: at+jwt} and {@code wildcard-scopes: true}. */
	private static final TestIssuer strictIdp = new TestIssuer();

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	@Autowired
	MutableClock clock;

	private WebTestClient client;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		idp.registerWithOrganizations(registry, 0);
		strictIdp.register(registry, 1);
		registry.add("mcp-edge.oauth.issuers[1].token-type", () -> "at+jwt");
		registry.add("mcp-edge.oauth.issuers[1].wildcard-scopes", () -> "true");
	}

	@AfterAll
	static void stop() {
		idp.close();
		strictIdp.close();
	}

	@BeforeEach
	void reset() {
		backend.resetToEmptyResult();
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	private static String sign(RSAKey key, JOSEObjectType type, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(Consumer<JWTClaimsSet.Builder> change) {
		return idp.token(RESOURCE, change);
	}

	private static String strictToken(JOSEObjectType type, Consumer<JWTClaimsSet.Builder> change) {
		JWTClaimsSet.Builder claims = strictIdp.claims(RESOURCE);
		change.accept(claims);
		return sign(strictIdp.key(), type, claims.build());
	}

	private static String ping() {
		return McpJson.PING;
	}

	private static String call(String tool) {
		return McpJson.toolCall(7, tool, """
				{"api_test_mode":true}""");
	}

	private WebTestClient.ResponseSpec send(String token, String body) {
		return client.post().uri("/api/mcp/oauth").header("Authorization", "Bearer " + token)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private void refused(String token, String description) {
		send(token, ping()).expectStatus().isUnauthorized()
			.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE + "error_description=\"" + description + "\"")
			.expectBody().json("{\"error\":\"unauthorized\",\"error_description\":\"" + description + "\"}", true);
		nothingForwarded();
	}

	private void nothingForwarded() {
		assertThat(backend.findAll(anyRequestedFor(anyUrl()))).as("nothing forwarded").isEmpty();
	}

	private LoggedRequest forwarded() {
		List<LoggedRequest> all = backend.findAll(anyRequestedFor(anyUrl()));
		assertThat(all).hasSize(1);
		return all.get(0);
	}

	private static int jwksFetches(TestIssuer issuer) {
		return issuer.server().findAll(getRequestedFor(urlEqualTo("/issuer/jwks"))).size();
	}

	/** The attacker's key, published nowhere. */
	private static final RSAKey attacker = TestIssuer.rsa("attacker");

	/** A token with the trusted issuer, naming key id {@code kid}, signed with the attacker's key. */
	private static String forged(String kid) {
		return TestIssuer.sign(new RSAKey.Builder(attacker).keyID(kid).build(), idp.claims(RESOURCE).build());
	}

	// ---- finding 4: unknown key ids ----

	@Test
	void tokensWithUnknownKeyIdsThenAllRefusedWithAtMostOneJwksFetchPerCooldown() {
		send(token(c -> {
		}), ping()).expectStatus().isOk();
		backend.resetRequests();
		clock.advance(java.time.Duration.ofSeconds(31));
		int before = jwksFetches(idp);
		for (int i = 0; i < 60; i++) {
			refused(forged("attack-" + i), "access token signature could not be verified");
		}
		assertThat(jwksFetches(idp) - before).as("one refetch for the first unknown key id, none for the 59 others")
			.isEqualTo(1);

		// the same again, 30 at once, after the cooldown: they share one fetch
		clock.advance(java.time.Duration.ofSeconds(31));
		before = jwksFetches(idp);
		WebClient web = WebClient.create("http://127.0.0.1:" + port);
		List<Integer> statuses = Flux.range(0, 30)
			.flatMap(i -> web.post().uri("/api/mcp/oauth").header("Authorization", "Bearer " + forged("burst-" + i))
				.contentType(MediaType.APPLICATION_JSON).bodyValue(ping())
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 30)
			.collectList()
			.block();
		assertThat(statuses).hasSize(30).containsOnly(401);
		assertThat(jwksFetches(idp) - before).isLessThanOrEqualTo(1);
		nothingForwarded();
	}

	@Test
	void keyIdFoundUnknownThenRefusedWithoutFetchEvenAfterTheCooldown() {
		clock.advance(java.time.Duration.ofSeconds(31));
		String forged = forged("remembered-" + System.nanoTime());
		refused(forged, "access token signature could not be verified");
		int after = jwksFetches(idp);
		clock.advance(java.time.Duration.ofSeconds(31));
		refused(forged, "access token signature could not be verified");
		assertThat(jwksFetches(idp)).isEqualTo(after);
	}

	@Test
	void keyPublishedByTheIssuerThenAcceptedOnceTheCooldownHasPassed() {
		clock.advance(java.time.Duration.ofSeconds(31));
		refused(forged("trigger-" + System.nanoTime()), "access token signature could not be verified");
		RSAKey rotated = TestIssuer.rsa("rotated-" + System.nanoTime());
		idp.publish(idp.key(), rotated);
		String token = TestIssuer.sign(rotated, idp.claims(RESOURCE).subject("rotated_user").build());
		refused(token, "access token signature could not be verified");

		clock.advance(java.time.Duration.ofSeconds(31));
		send(token, ping()).expectStatus().isOk();
		assertThat(forwarded().getHeader("X-MCP-Edge-Principal")).isEqualTo("rotated_user");
		backend.resetRequests();
		send(token(c -> c.subject("old_key_user")), ping()).expectStatus().isOk();
		assertThat(forwarded().getHeader("X-MCP-Edge-Principal")).isEqualTo("old_key_user");
	}

	// ---- finding 11: claims that are not safe strings ----

	@Test
	void organizationClaimAsArrayOrWithUnsafeCharactersThenRefusedAndNothingForwarded() {
		String description = "access token claim org_id must be an organization id (1 to 128 letters, digits, '.', '_', ':' or '-')";
		refused(token(c -> c.claim("org_id", List.of("org_a", "org_b"))), description);
		refused(token(c -> c.claim("org_id", "org_a\r\nX-MCP-Edge-Scopes: *")), description);
		refused(token(c -> c.claim("org_id", "org_a,org_b")), description);
		refused(token(c -> c.claim("org_id", 42)), description);
		refused(token(c -> c.claim("orgs", List.of("org_b", List.of("org_c")))),
				"access token claim orgs must list organization ids (1 to 128 letters, digits, '.', '_', ':' or '-')");
	}

	@Test
	void subjectNotAStringOrWithLineBreakThen401Not500() {
		String description = "access token claim sub must be a string of 1 to 255 printable ASCII characters";
		refused(token(c -> c.subject("user_42\r\nX-MCP-Edge-Scopes: *")), description);
		refused(token(c -> c.subject("user_42\n")), description);
		refused(token(c -> c.subject("user\u0000")), description);
		// RFC 7519 makes sub a string: the JWT library refuses a list when it parses the token (and
		// reads a number as its decimal digits)
		refused(token(c -> c.claim("sub", List.of("user_42", "admin"))), "access token is not a well-formed JWT");
		refused(token(c -> c.claim("sub", Map.of("id", "user_42"))), "access token is not a well-formed JWT");
	}

	@Test
	void scopesNotStringsOrNotScopeTokensThenRefused() {
		String description = "access token claim scope must be a space-separated string or a list of scope tokens (RFC 6749)";
		refused(token(c -> c.claim("scope", 7)), description);
		refused(token(c -> c.claim("scope", List.of("payments:read", 1))), description);
		refused(token(c -> c.claim("scope", "payments:read\trefunds:write")), description);
		refused(token(c -> c.claim("scope", "payments:read\r\nX-Evil: 1")), description);
		refused(token(c -> c.claim("scope", null).claim("scp", List.of("pay\"ments"))),
				"access token claim scp must be a space-separated string or a list of scope tokens (RFC 6749)");
	}

	@Test
	void safeClaimsThenForwardedAsTheyAre() {
		send(token(c -> c.subject("auth0|user 42").claim("scope", List.of("payments:read", "refunds:write"))), ping())
			.expectStatus().isOk();
		LoggedRequest request = forwarded();
		assertThat(request.getHeader("X-MCP-Edge-Principal")).isEqualTo("auth0|user 42");
		assertThat(request.getHeader("X-MCP-Edge-Organization-Id")).isEqualTo("org_a");
		assertThat(request.getHeader("X-MCP-Edge-Scopes")).isEqualTo("payments:read refunds:write");
	}

	// ---- finding 14: wildcard scopes from the identity provider, and typ ----

	@Test
	void wildcardScopeFromIdentityProviderThenGrantsNothingUnlessTheIssuerEnablesWildcards() {
		for (String scope : List.of("*", "payments:*", "* payments:*")) {
			send(token(c -> c.claim("scope", scope)), call("get_balance")).expectStatus().isForbidden()
				.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", "
						+ "scope=\"payments:read\", resource_metadata=\"https://mcp.example.com/.well-known/oauth-protected-resource/api/mcp/oauth\"")
				.expectBody().jsonPath("$.detail").isEqualTo("Access denied");
			nothingForwarded();
		}
		send(token(c -> c.claim("scope", "payments:read")), call("get_balance")).expectStatus().isOk();
		backend.resetRequests();

		JOSEObjectType atJwt = new JOSEObjectType("at+jwt");
		send(strictToken(atJwt, c -> c.claim("scope", "*")), call("create_refund")).expectStatus().isOk();
		assertThat(forwarded().getBodyAsString()).contains("create_refund");
		backend.resetRequests();
		send(strictToken(atJwt, c -> c.claim("scope", "payments:*")), call("get_balance")).expectStatus().isOk();
	}

	@Test
	void tokenTypeConfiguredThenOtherOrMissingTypRefusedAndAtJwtAccepted() {
		String description = "access token type (typ header) must be at+jwt";
		refused(strictToken(JOSEObjectType.JWT, c -> {
		}), description);
		refused(strictToken(null, c -> {
		}), description);
		refused(strictToken(new JOSEObjectType("id+jwt"), c -> {
		}), description);

		send(strictToken(new JOSEObjectType("at+jwt"), c -> c.subject("typed_user")), ping()).expectStatus().isOk();
		assertThat(forwarded().getHeader("X-MCP-Edge-Principal")).isEqualTo("typed_user");
		backend.resetRequests();
		send(strictToken(new JOSEObjectType("application/at+jwt"), c -> c.subject("typed_user")), ping()).expectStatus().isOk();
		backend.resetRequests();
		// the other issuer checks no typ
		send(token(c -> {
		}), ping()).expectStatus().isOk();
	}
}
