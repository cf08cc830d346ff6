package dev.mcpedge.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;


import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthTokensTests {

	private static final String ISSUER = "https://issuer.example.com";

	private static final String RESOURCE = "https://mcp.example.com/api/mcp/oauth";

	private final RSAKey key = generate();

	private final AtomicInteger decodes = new AtomicInteger();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final OAuthTokens tokens = new OAuthTokens(
			new OAuthSettings(List.of(new IssuerSettings(URI.create(ISSUER), null, "sub", "org_id", null, null, false, null,
					false)), Duration.ofSeconds(30), 100, Duration.ofSeconds(30)),
			Clock.systemUTC(), meters, issuer -> counting(publicKeyDecoder()));

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyID("k").generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ReactiveJwtDecoder publicKeyDecoder() {
		try {
			return NimbusReactiveJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ReactiveJwtDecoder counting(ReactiveJwtDecoder real) {
		return token -> {
			decodes.incrementAndGet();
			return real.decode(token);
		};
	}

	private String token(Duration validFor) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
				new JWTClaimsSet.Builder().issuer(ISSUER).subject("u").audience(RESOURCE).claim("org_id", "org_a")
					.issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor))).build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	@Test
	void verifyWhenSameTokenAgainThenSignatureCheckedOnce() throws Exception {
		String token = token(Duration.ofMinutes(10));
		for (int i = 0; i < 5; i++) {
			TokenCheck check = tokens.verify(token, RESOURCE).block();
			assertThat(check).isInstanceOf(TokenCheck.Valid.class);
			assertThat(((TokenCheck.Valid) check).organizationId()).isEqualTo("org_a");
		}
		assertThat(decodes).hasValue(1);
		assertThat(meters.counter("mcp.edge.cache.gets", "cache", "oauth-tokens", "result", "hit").count()).isEqualTo(4);
		assertThat(meters.counter("mcp.edge.cache.gets", "cache", "oauth-tokens", "result", "miss").count()).isEqualTo(1);
	}

	@Test
	void verifyWhenTokenAboutToExpireThenNotRemembered() throws Exception {
		String token = token(Duration.ofSeconds(3));
		tokens.verify(token, RESOURCE).block();
		tokens.verify(token, RESOURCE).block();
		assertThat(decodes).hasValue(2);
	}

	@Test
	void verifyWhenRememberedTokenPresentedForAnotherResourceThenRefused() throws Exception {
		String token = token(Duration.ofMinutes(10));
		assertThat(tokens.verify(token, RESOURCE).block()).isInstanceOf(TokenCheck.Valid.class);
		assertThat(tokens.verify(token, "https://mcp.example.com/other").block())
			.isEqualTo(new TokenCheck.Rejected("access token is not for this resource (audience must include https://mcp.example.com/other)"));
	}
}
