package dev.mcpedge.oauth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.mcpedge.testing.MutableClock;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class IssuerKeysTests {

	private static final String ISSUER = "https://issuer.example.com/tenant";

	private static final Duration COOLDOWN = Duration.ofSeconds(30);

	private final MutableClock clock = new MutableClock();

	private final RSAKey key1 = rsa("k1");

	private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(key1.toPublicJWK()));

	private final AtomicInteger metadataFetches = new AtomicInteger();

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final AtomicReference<Duration> jwksDelay = new AtomicReference<>(Duration.ZERO);

	private final WebClient web = WebClient.builder().exchangeFunction(request -> {
		String path = request.url().getPath();
		if (path.equals("/tenant/.well-known/openid-configuration")) {
			metadataFetches.incrementAndGet();
			return Mono.just(json("{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":\"https://keys.example.com/jwks\"}"));
		}
		if (path.equals("/jwks")) {
			jwksFetches.incrementAndGet();
			return Mono.delay(jwksDelay.get()).map(tick -> json(published.get().toString()));
		}
		return Mono.just(ClientResponse.create(HttpStatus.NOT_FOUND).build());
	}).build();

	private final IssuerKeys keys = new IssuerKeys(ISSUER, web, clock, COOLDOWN);

	private static ClientResponse json(String body) {
		return ClientResponse.create(HttpStatus.OK).header("Content-Type", "application/json").body(body).build();
	}

	private static RSAKey rsa(String kid) {
		try {
			return new RSAKeyGenerator(2048).keyID(kid).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static SignedJWT header(String kid) {
		return new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), new JWTClaimsSet.Builder().build());
	}

	private List<String> lookup(String kid) {
		return keys.apply(header(kid)).map(JWK::getKeyID).collectList().block();
	}

	@Test
	void applyWhenKnownKeyThenFetchedOnceAndServedFromTheCache() {
		assertThat(lookup("k1")).containsExactly("k1");
		assertThat(lookup("k1")).containsExactly("k1");
		assertThat(metadataFetches).hasValue(1);
		assertThat(jwksFetches).hasValue(1);
	}

	@Test
	void applyWhenManyUnknownKeyIdsThenOneFetchPerCooldown() {
		lookup("k1");
		for (int i = 0; i < 60; i++) {
			assertThat(lookup("unknown-" + i)).isEmpty();
		}
		assertThat(jwksFetches).as("the first load, then nothing within the cooldown").hasValue(1);
		clock.advance(COOLDOWN);
		for (int i = 60; i < 120; i++) {
			assertThat(lookup("unknown-" + i)).isEmpty();
		}
		assertThat(jwksFetches).hasValue(2);
	}

	@Test
	void applyWhenConcurrentLookupsThenTheyShareOneFetch() {
		jwksDelay.set(Duration.ofMillis(200));
		List<List<String>> found = Flux.range(0, 20)
			.flatMap(i -> keys.apply(header(i % 2 == 0 ? "k1" : "unknown-" + i)).map(JWK::getKeyID).collectList())
			.collectList()
			.block();
		assertThat(found).hasSize(20);
		assertThat(found.stream().filter(List::isEmpty)).hasSize(10);
		assertThat(jwksFetches).hasValue(1);
		assertThat(metadataFetches).hasValue(1);
	}

	@Test
	void applyWhenKeyIdFoundUnknownThenRefusedWithoutFetchForTenCooldowns() {
		lookup("k1");
		clock.advance(COOLDOWN);
		assertThat(lookup("forged")).isEmpty();
		assertThat(jwksFetches).hasValue(2);
		for (int i = 1; i < 10; i++) {
			clock.advance(COOLDOWN);
			assertThat(lookup("forged")).isEmpty();
		}
		assertThat(jwksFetches).as("remembered as unknown").hasValue(2);
		clock.advance(COOLDOWN);
		assertThat(lookup("forged")).isEmpty();
		assertThat(jwksFetches).as("forgotten after ten cooldowns").hasValue(3);
	}

	@Test
	void applyWhenIssuerPublishesNewKeyThenFoundAfterTheCooldown() {
		lookup("k1");
		RSAKey key2 = rsa("k2");
		published.set(new JWKSet(List.of(key1.toPublicJWK(), key2.toPublicJWK())));
		assertThat(lookup("k2")).as("within the cooldown of the first load").isEmpty();
		clock.advance(COOLDOWN);
		assertThat(lookup("k2")).containsExactly("k2");
		assertThat(lookup("k1")).containsExactly("k1");
		assertThat(jwksFetches).hasValue(2);
	}

	@Test
	void applyWhenKeyPublishedAfterBeingFoundUnknownThenFoundOnTheNextFetch() {
		lookup("k1");
		clock.advance(COOLDOWN);
		assertThat(lookup("k2")).isEmpty();
		published.set(new JWKSet(List.of(key1.toPublicJWK(), rsa("k2").toPublicJWK())));
		clock.advance(COOLDOWN);
		assertThat(lookup("k3")).as("another unknown key id fetches again").isEmpty();
		assertThat(lookup("k2")).containsExactly("k2");
	}

	@Test
	void applyWhenNoKeyIdOrKeyOfAnotherTypeThenNoRefetch() throws Exception {
		lookup("k1");
		clock.advance(COOLDOWN);
		SignedJWT noKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).build(), new JWTClaimsSet.Builder().build());
		assertThat(keys.apply(noKid).collectList().block()).isEmpty();
		SignedJWT ecWithRsaKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("k1").build(),
				new JWTClaimsSet.Builder().build());
		assertThat(keys.apply(ecWithRsaKid).collectList().block()).isEmpty();
		assertThat(jwksFetches).hasValue(1);
	}
}
