package dev.mcpedge.gateway.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real OAuth issuer over HTTP for tests: WireMock serves its discovery document and a JWKS of RSA
 * keys generated here, and tokens are really signed with them.
 */
public final class TestIssuer implements AutoCloseable {

	private final WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private final RSAKey key = rsa("k1");

	private final String id;

	public TestIssuer() {
		server.start();
		id = "http://127.0.0.1:" + server.port() + "/issuer";
		publish(key);
	}

	/** The issuer identifier ({@code iss}). */
	public String id() {
		return id;
	}

	/**
	 * Trusts this issuer as entry {@code index} of {@code mcp-edge.oauth.issuers}, with the organization
	 * in the {@code org_id} claim. A list binds from one property source only: add the entry's other
	 * settings to the same registry.
	 */
	public void register(DynamicPropertyRegistry registry, int index) {
		registry.add("mcp-edge.oauth.issuers[" + index + "].issuer-uri", this::id);
		registry.add("mcp-edge.oauth.issuers[" + index + "].organization-claim", () -> "org_id");
	}

	/**
	 * As {@link #register}, and a token may name more organizations it acts for in its {@code orgs}
	 * claim (the entry's {@code organizations-claim}).
	 */
	public void registerWithOrganizations(DynamicPropertyRegistry registry, int index) {
		register(registry, index);
		registry.add("mcp-edge.oauth.issuers[" + index + "].organizations-claim", () -> "orgs");
	}

	/** The signing key published from the start. */
	public RSAKey key() {
		return key;
	}

	public WireMockServer server() {
		return server;
	}

	public static RSAKey rsa(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Serves the discovery document and a JWKS with these public keys. */
	public void publish(RSAKey... keys) {
		server.stubFor(get("/issuer/.well-known/openid-configuration").willReturn(aResponse()
			.withHeader("Content-Type", "application/json")
			.withBody("{\"issuer\":\"" + id + "\",\"jwks_uri\":\"" + id + "/jwks\","
					+ "\"authorization_endpoint\":\"" + id + "/authorize\",\"token_endpoint\":\"" + id + "/token\","
					+ "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
					+ "\"id_token_signing_alg_values_supported\":[\"RS256\"]}")));
		JWKSet set = new JWKSet(Arrays.stream(keys).map(k -> (JWK) k.toPublicJWK()).toList());
		server.stubFor(get("/issuer/jwks").willReturn(aResponse()
			.withHeader("Content-Type", "application/json").withBody(set.toString())));
	}

	/** Claims of a token for {@code audience}, valid for ten minutes, for user_42 of org_a. */
	public JWTClaimsSet.Builder claims(String audience) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(id)
			.subject("user_42")
			.audience(audience)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now.minusSeconds(5)))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
			.claim("org_id", "org_a")
			.claim("orgs", java.util.List.of("org_b"))
			.claim("scope", "payments:read refunds:write");
	}

	/** A token for {@code audience}, signed with {@link #key()}, with {@code change} applied to its claims. */
	public String token(String audience, Consumer<JWTClaimsSet.Builder> change) {
		JWTClaimsSet.Builder builder = claims(audience);
		change.accept(builder);
		return sign(key, builder.build());
	}

	public static String sign(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
				.type(JOSEObjectType.JWT).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		server.stop();
	}
}
