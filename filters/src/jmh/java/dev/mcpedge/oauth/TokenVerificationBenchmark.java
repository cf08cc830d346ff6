package dev.mcpedge.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;

/**
 * OAuth access token verification: an RS256 token seen for the first time (JWT parse, signature,
 * claims and audience checks) and one already verified (served from the in-process cache). The
 * issuer's key is given directly, so no JWKS fetch is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerificationBenchmark {

	private static final String ISSUER = "https://issuer.example.com";

	private static final String RESOURCE = "https://mcp.example.com/api/mcp/oauth";

	/** Distinct tokens cycled through by {@link #firstTime}, more than its cache of one can hold. */
	private static final int TOKENS = 1000;

	private final SimpleMeterRegistry firstTimeMeters = new SimpleMeterRegistry();

	private OAuthTokens uncached;

	private OAuthTokens cached;

	private String[] tokens;

	private String token;

	private int next;

	@Setup
	public void tokens() throws Exception {
		RSAKey key = new RSAKeyGenerator(2048).keyID("k").generate();
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		uncached = new OAuthTokens(settings(1), Clock.systemUTC(), firstTimeMeters, issuer -> decoder);
		cached = new OAuthTokens(settings(10_000), Clock.systemUTC(), new SimpleMeterRegistry(), issuer -> decoder);
		tokens = new String[TOKENS];
		for (int i = 0; i < TOKENS; i++) {
			tokens[i] = sign(key, "user_" + i);
		}
		token = tokens[0];
		if (!(cached.verify(token, RESOURCE).block() instanceof TokenCheck.Valid)) {
			throw new IllegalStateException("the benchmark token must be valid");
		}
	}

	@TearDown
	public void hitsOfFirstTime() {
		double hits = firstTimeMeters.counter("mcp.edge.cache.gets", "cache", "oauth-tokens", "result", "hit").count();
		double misses = firstTimeMeters.counter("mcp.edge.cache.gets", "cache", "oauth-tokens", "result", "miss").count();
		if (misses > 0) { // shows that firstTime really verified every token
			System.out.printf("%nfirstTime: %.0f cache hits, %.0f misses%n", hits, misses);
		}
	}

	private static OAuthSettings settings(long cacheSize) {
		return new OAuthSettings(List.of(new IssuerSettings(URI.create(ISSUER), null, "sub", "org_id", null, null, false,
				null, false)), Duration.ofSeconds(30), cacheSize, Duration.ofSeconds(30));
	}

	private static String sign(RSAKey key, String subject) throws Exception {
		Instant now = Instant.now();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k").build(),
				new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience(RESOURCE).claim("org_id", "org_a")
					.claim("scope", "payments:read payments:write").issueTime(Date.from(now))
					.expirationTime(Date.from(now.plus(Duration.ofHours(2)))).build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	@Benchmark
	public TokenCheck firstTime() {
		String t = tokens[next];
		next = (next + 1) % TOKENS;
		return uncached.verify(t, RESOURCE).block();
	}

	@Benchmark
	public TokenCheck cached() {
		return cached.verify(token, RESOURCE).block();
	}
}
