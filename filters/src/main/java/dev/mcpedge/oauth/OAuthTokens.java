package dev.mcpedge.oauth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSecurityContextJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jwt.JWTParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import dev.mcpedge.identity.Digests;
import dev.mcpedge.logs.RepeatedWarning;
import dev.mcpedge.oauth.TokenClaims.Refusal;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Verifies OAuth access tokens (JWT) with Spring Security's reactive resource-server decoder: one
 * decoder per trusted issuer, found by the token's {@code iss}; signing keys from the JWKS named in
 * the issuer's metadata, fetched on first use and again when a token names an unknown {@code kid}
 * (key rotation), at most once per cooldown ({@link IssuerKeys}); asymmetric algorithms only;
 * {@code exp}/{@code nbf} with the configured skew; the {@code typ} header where the issuer's
 * settings name one; and the audience must be this resource (RFC 8707). Subject, organization and
 * scope claims must be strings of safe characters ({@link TokenClaims}). A verified token is
 * remembered until shortly before it expires, so its signature is checked once.
 */
public final class OAuthTokens {

	private static final Log logger = LogFactory.getLog(OAuthTokens.class);

	/** Stop serving a remembered token this long before its {@code exp}. */
	private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(5);

	private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(3);

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
			JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
			JWSAlgorithm.ES384, JWSAlgorithm.ES512);

	private final Map<String, TrustedIssuer> issuers = new HashMap<>();

	// every token request meets it while an issuer's keys cannot be fetched: a line every 10 s, not per request
	private final RepeatedWarning unverifiable = new RepeatedWarning(logger);

	private final Cache<String, Verified> verified;

	private final Clock clock;

	private final Duration clockSkew;

	private final Counter hits;

	private final Counter misses;

	private record TrustedIssuer(IssuerSettings settings, ReactiveJwtDecoder decoder) {
	}

	private record Verified(Jwt jwt, TrustedIssuer issuer, Claims claims) {
	}

	private record Claims(String subject, @Nullable String organization, Set<String> organizations, List<String> scopes) {
	}

	/** Counts lookups of verified tokens in {@code mcp.edge.cache.gets{cache=oauth-tokens}}. */
	public OAuthTokens(OAuthSettings settings, Clock clock, MeterRegistry meters) {
		this(settings, clock, meters, issuerDecoders(settings, clock));
	}

	/** With the decoder of each issuer given, e.g. one that counts its calls in a test. */
	OAuthTokens(OAuthSettings settings, Clock clock, MeterRegistry meters,
			Function<IssuerSettings, ReactiveJwtDecoder> decoders) {
		this.clock = clock;
		this.hits = meters.counter("mcp.edge.cache.gets", "cache", "oauth-tokens", "result", "hit");
		this.misses = meters.counter("mcp.edge.cache.gets", "cache", "oauth-tokens", "result", "miss");
		this.clockSkew = settings.clockSkew();
		for (IssuerSettings issuer : settings.issuers()) {
			issuers.put(issuer.issuerUri().toString(), new TrustedIssuer(issuer, decoders.apply(issuer)));
		}
		this.verified = Caffeine.newBuilder()
			.maximumSize(settings.cacheMaximumSize())
			.expireAfter(new Expiry<String, Verified>() {
				@Override
				public long expireAfterCreate(String key, Verified value, long currentTime) {
					Duration left = Duration.between(clock.instant(), value.jwt().getExpiresAt()).minus(EXPIRY_MARGIN);
					return Math.max(0, left.toNanos());
				}

				@Override
				public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
					return currentDuration;
				}

				@Override
				public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
					return currentDuration;
				}
			})
			.build();
	}

	private static Function<IssuerSettings, ReactiveJwtDecoder> issuerDecoders(OAuthSettings settings,
			Clock clock) {
		WebClient web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create()
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) FETCH_TIMEOUT.toMillis())
				.responseTimeout(FETCH_TIMEOUT)))
			.build();
		return issuer -> {
			String location = issuer.issuerUri().toString();
			NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
				.withJwkSource(new IssuerKeys(location, web, clock, settings.jwksRefreshCooldown()))
				.jwtProcessorCustomizer(processor -> processor
					.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new JWKSecurityContextJWKSet())))
				.build();
			JwtTimestampValidator timestamps = new JwtTimestampValidator(settings.clockSkew());
			timestamps.setClock(clock);
			List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps, new JwtIssuerValidator(location)));
			if (issuer.tokenType() != null) {
				// RFC 7515 4.1.9: "at+jwt" and "application/at+jwt" are the same type
				validators.add(issuer.tokenType().contains("/") ? new JwtTypeValidator(issuer.tokenType())
						: new JwtTypeValidator(issuer.tokenType(), "application/" + issuer.tokenType()));
			}
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
			return decoder;
		};
	}

	/**
	 * Verifies {@code token} for the resource {@code resource} (the endpoint's public URL); never
	 * errors.
	 */
	public Mono<TokenCheck> verify(String token, String resource) {
		String cacheKey = Digests.sha256(token);
		Verified remembered = verified.getIfPresent(cacheKey);
		(remembered != null ? hits : misses).increment();
		Mono<Verified> decoded = remembered != null ? Mono.just(remembered) : decode(token).doOnNext(v -> verified.put(cacheKey, v));
		return decoded.map(v -> check(v, resource)).onErrorResume(this::failure);
	}

	private Mono<Verified> decode(String token) {
		String issuerId;
		try {
			issuerId = JWTParser.parse(token).getJWTClaimsSet().getIssuer();
		}
		catch (ParseException | RuntimeException ex) {
			return Mono.error(new Refusal("access token is not a well-formed JWT"));
		}
		TrustedIssuer issuer = issuerId == null ? null : issuers.get(issuerId);
		if (issuer == null) {
			return Mono.error(new Refusal("access token issuer is not trusted"));
		}
		String tokenType = issuer.settings().tokenType();
		return issuer.decoder().decode(token)
			.onErrorMap(ex -> tokenType != null && ex instanceof JwtValidationException invalid && invalid.getErrors()
				.stream().anyMatch(error -> error.getDescription() != null && error.getDescription().contains("typ")),
					ex -> new Refusal("access token type (typ header) must be " + tokenType))
			.map(jwt -> {
				if (jwt.getExpiresAt() == null) {
					throw new Refusal("access token has no expiry (exp)");
				}
				return new Verified(jwt, issuer, claims(jwt, issuer.settings()));
			});
	}

	private static Claims claims(Jwt jwt, IssuerSettings settings) {
		String subject = TokenClaims.subject(jwt.getClaim(settings.principalClaim()), settings.principalClaim());
		String organization = settings.organizationClaim() == null ? null
				: TokenClaims.organization(jwt.getClaim(settings.organizationClaim()), settings.organizationClaim());
		Set<String> organizations = new LinkedHashSet<>();
		if (organization != null) {
			organizations.add(organization);
		}
		if (settings.organizationsClaim() != null) {
			organizations.addAll(TokenClaims.organizations(jwt.getClaim(settings.organizationsClaim()),
					settings.organizationsClaim()));
		}
		String scopesClaim = settings.scopesClaim() != null ? settings.scopesClaim()
				: jwt.getClaim("scope") != null ? "scope" : "scp";
		return new Claims(subject, organization, organizations, TokenClaims.scopes(jwt.getClaim(scopesClaim), scopesClaim));
	}

	private TokenCheck check(Verified verified, String resource) {
		Jwt jwt = verified.jwt();
		IssuerSettings settings = verified.issuer().settings();
		if (!clock.instant().isBefore(jwt.getExpiresAt().plus(clockSkew))) {
			return new TokenCheck.Rejected("access token has expired");
		}
		String audience = settings.audience() != null ? settings.audience() : resource;
		List<String> audiences = jwt.getAudience();
		if (audiences == null || !audiences.contains(audience)) {
			return new TokenCheck.Rejected("access token is not for this resource (audience must include " + audience + ")");
		}
		Claims claims = verified.claims();
		return new TokenCheck.Valid(claims.subject(), claims.organization(), claims.organizations(), claims.scopes(),
				settings.unrestricted(), settings.wildcardScopes(), jwt.getExpiresAt());
	}

	private Mono<TokenCheck> failure(Throwable ex) {
		if (ex instanceof Refusal refusal) {
			return Mono.just(new TokenCheck.Rejected(refusal.getMessage()));
		}
		if (ex instanceof JwtValidationException invalid) {
			String reasons = invalid.getErrors().toString();
			if (reasons.contains("expired")) {
				return Mono.just(new TokenCheck.Rejected("access token has expired"));
			}
			if (reasons.contains("used before")) {
				return Mono.just(new TokenCheck.Rejected("access token is not valid yet (nbf)"));
			}
			return Mono.just(new TokenCheck.Rejected("access token is not valid"));
		}
		if (ex instanceof BadJwtException) {
			logger.debug("Access token refused: " + ex.getMessage());
			return Mono.just(new TokenCheck.Rejected("access token signature could not be verified"));
		}
		unverifiable.warn(() -> "Could not verify an access token (issuer metadata or keys unavailable?): " + ex);
		return Mono.just(new TokenCheck.Unavailable());
	}

}
