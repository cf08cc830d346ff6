package dev.mcpedge.oauth;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The signing keys of one issuer, for Spring Security's {@code NimbusReactiveJwtDecoder.withJwkSource}:
 * the JWKS named in the issuer's metadata, fetched on first use and again when a token names a key
 * id the cached set lacks, but at most once per cooldown; concurrent lookups share one fetch, and a key
 * id a fetch did not find is remembered for ten cooldowns so tokens naming it are refused without
 * one. Spring Security's reactive decoder refetches for every unknown key id and has no setting for
 * it, and Nimbus's rate-limited {@code JWKSourceBuilder} fetches with blocking I/O; this keeps both the
 * limit and the event loop.
 */
final class IssuerKeys implements Function<SignedJWT, Flux<JWK>> {

	private static final Log logger = LogFactory.getLog(IssuerKeys.class);

	/** Unknown key ids remembered per issuer. */
	static final int UNKNOWN_KEY_IDS_MAXIMUM = 1000;

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final String issuer;

	private final WebClient web;

	private final Clock clock;

	private final Duration cooldown;

	private final Cache<String, Boolean> unknownKeyIds;

	private volatile @Nullable JWKSet keys;

	private volatile @Nullable String jwksUri;

	private @Nullable Instant lastFetch;

	private @Nullable Mono<JWKSet> inFlight;

	private long fetches;

	IssuerKeys(String issuer, WebClient web, Clock clock, Duration cooldown) {
		Assert.hasText(issuer, "issuer must not be empty");
		Assert.isTrue(!cooldown.isNegative() && !cooldown.isZero(), () -> "cooldown (" + cooldown + ") must be positive");
		this.issuer = issuer;
		this.web = web;
		this.clock = clock;
		this.cooldown = cooldown;
		this.unknownKeyIds = Caffeine.newBuilder()
			.maximumSize(UNKNOWN_KEY_IDS_MAXIMUM)
			.expireAfterWrite(cooldown.multipliedBy(10))
			.ticker(() -> clock.millis() * 1_000_000L)
			.build();
	}

	@Override
	public Flux<JWK> apply(SignedJWT jwt) {
		JWKMatcher matcher = JWKMatcher.forJWSHeader(jwt.getHeader());
		if (matcher == null) {
			return Flux.empty();
		}
		JWKSelector selector = new JWKSelector(matcher);
		String keyId = jwt.getHeader().getKeyID();
		JWKSet cached = keys;
		if (cached != null) {
			List<JWK> matches = selector.select(cached);
			if (!matches.isEmpty()) {
				return Flux.fromIterable(matches);
			}
			// no key id, or a key with this id that does not fit the header: a fetch would not help
			if (keyId == null || cached.getKeyByKeyId(keyId) != null || unknownKeyIds.getIfPresent(keyId) != null) {
				return Flux.empty();
			}
		}
		Mono<JWKSet> fetch = fetch(cached == null);
		if (fetch == null) {
			logger.debug("Key id not in the JWKS of " + issuer + "; not fetched again within the cooldown");
			return Flux.empty();
		}
		return fetch.flatMapIterable(set -> {
			List<JWK> matches = selector.select(set);
			if (matches.isEmpty() && keyId != null && set.getKeyByKeyId(keyId) == null) {
				unknownKeyIds.put(keyId, Boolean.TRUE);
			}
			return matches;
		});
	}

	/**
	 * The fetch under way, else a new one unless the last began within the cooldown; {@code null}
	 * when none may start. Until a key set has been fetched, every lookup may try.
	 */
	private synchronized @Nullable Mono<JWKSet> fetch(boolean nothingCached) {
		if (inFlight != null) {
			return inFlight;
		}
		Instant now = clock.instant();
		if (!nothingCached && lastFetch != null && now.isBefore(lastFetch.plus(cooldown))) {
			return null;
		}
		lastFetch = now;
		long fetch = ++fetches;
		inFlight = jwksUri()
			.flatMap(uri -> web.get().uri(URI.create(uri)).retrieve().bodyToMono(String.class))
			.map(IssuerKeys::parse)
			.doOnNext(set -> keys = set)
			// before the result reaches its subscribers, so a lookup right after it may start the next fetch
			.doOnTerminate(() -> finished(fetch))
			.cache();
		return inFlight;
	}

	private synchronized void finished(long fetch) {
		if (fetches == fetch) {
			inFlight = null;
		}
	}

	private static JWKSet parse(String body) {
		try {
			return JWKSet.parse(body);
		}
		catch (ParseException ex) {
			throw new IllegalStateException("JWKS is not a JSON Web Key Set: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The {@code jwks_uri} of the issuer's metadata, looked up as Spring Security does: OpenID
	 * discovery at the issuer, then RFC 8414 at the host (OpenID, then OAuth); a 4xx moves on to the
	 * next. The metadata must name this issuer.
	 */
	private Mono<String> jwksUri() {
		String known = jwksUri;
		if (known != null) {
			return Mono.just(known);
		}
		UriComponents uri = UriComponentsBuilder.fromUriString(issuer).build();
		List<String> locations = List.of(
				UriComponentsBuilder.newInstance().uriComponents(uri).replacePath(uri.getPath() + "/.well-known/openid-configuration").toUriString(),
				UriComponentsBuilder.newInstance().uriComponents(uri).replacePath("/.well-known/openid-configuration" + uri.getPath()).toUriString(),
				UriComponentsBuilder.newInstance().uriComponents(uri).replacePath("/.well-known/oauth-authorization-server" + uri.getPath()).toUriString());
		return Flux.fromIterable(locations)
			.concatMap(location -> web.get().uri(URI.create(location)).retrieve().bodyToMono(JSON_OBJECT)
				.onErrorResume(ex -> ex instanceof WebClientResponseException response && response.getStatusCode().is4xxClientError(),
						ex -> Mono.empty()))
			.next()
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("no metadata found for issuer " + issuer)))
			.map(metadata -> {
				if (!issuer.equals(metadata.get("issuer"))) {
					throw new IllegalStateException("metadata of " + issuer + " names another issuer: " + metadata.get("issuer"));
				}
				if (!(metadata.get("jwks_uri") instanceof String location)) {
					throw new IllegalStateException("metadata of " + issuer + " has no jwks_uri");
				}
				jwksUri = location;
				return location;
			});
	}
}
