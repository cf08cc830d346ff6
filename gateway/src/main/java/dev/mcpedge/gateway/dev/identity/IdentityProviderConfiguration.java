package dev.mcpedge.gateway.dev.identity;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2ClientRegistration;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientRegistrationAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.converter.OAuth2ClientRegistrationRegisteredClientConverter;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The development identity provider's application context (servlet, Tomcat on a loopback port): Spring
 * Authorization Server with RFC 8414 metadata, the authorization code grant with PKCE, client
 * credentials, OpenID Connect (discovery, ID tokens, user info: the key dashboard signs in with it),
 * open dynamic client registration (RFC 7591, no initial access token: MCP clients
 * register themselves), Spring Security's login page and a consent page of its own ({@link ConsentPage}). Only the
 * auto-configurations a servlet server and the security filter need are imported; its only input from
 * the gateway is the {@link IdentityProviderSettings} bean. Deliberately not a {@code @Configuration}
 * class, so the gateway's component scan never picks it up.
 */
@EnableWebSecurity
@ImportAutoConfiguration({ TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
		SecurityFilterAutoConfiguration.class })
class IdentityProviderConfiguration {

	static final String REGISTRATION_ENDPOINT = "/oauth2/register";

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, IdentityProviderSettings settings)
			throws Exception {
		OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
		http.securityMatcher(server.getEndpointsMatcher())
			.with(server, as -> as.oidc(Customizer.withDefaults())
				.authorizationEndpoint(authorization -> authorization.consentPage(ConsentPage.PATH))
				.clientRegistrationEndpoint(registration -> registration.openRegistrationAllowed(true)
					.authenticationProviders(providers -> openRegistration(providers, settings)))
				.authorizationServerMetadataEndpoint(metadata -> metadata.authorizationServerMetadataCustomizer(
						builder -> builder.clientRegistrationEndpoint(settings.issuer() + REGISTRATION_ENDPOINT))))
			.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, REGISTRATION_ENDPOINT)
				.permitAll()
				.anyRequest()
				.authenticated())
			.cors(cors -> cors.configurationSource(anyOrigin()))
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	/** The login page; any other path is answered by the dispatcher (404). */
	@Bean
	@Order(2)
	SecurityFilterChain loginFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).formLogin(Customizer.withDefaults());
		return http.build();
	}

	/**
	 * Registration without an initial access token, for clients of the authorization code grant with
	 * PKCE (SAS requires a proof key of every client it registers); a client that asks for no scopes
	 * gets all of them, so it can ask for any at authorization, and the user decides on the consent page.
	 */
	private static void openRegistration(List<AuthenticationProvider> providers, IdentityProviderSettings settings) {
		OAuth2ClientRegistrationRegisteredClientConverter converter = new OAuth2ClientRegistrationRegisteredClientConverter();
		for (AuthenticationProvider provider : providers) {
			if (provider instanceof OAuth2ClientRegistrationAuthenticationProvider registration) {
				registration.setAuthenticationValidator(
						OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR
							.andThen(OAuth2ClientRegistrationAuthenticationValidator.DEFAULT_JWK_SET_URI_VALIDATOR)
							.andThen(knownScopes(settings)));
				registration.setRegisteredClientConverter((OAuth2ClientRegistration request) -> {
					RegisteredClient client = converter.convert(request);
					return client.getScopes().isEmpty()
							? RegisteredClient.from(client).scopes(scopes -> scopes.addAll(settings.scopes())).build() : client;
				});
			}
		}
	}

	private static Consumer<OAuth2ClientRegistrationAuthenticationContext> knownScopes(IdentityProviderSettings settings) {
		return context -> {
			List<String> requested = context.<OAuth2ClientRegistrationAuthenticationToken>getAuthentication()
				.getClientRegistration()
				.getScopes();
			if (requested != null && !settings.scopes().containsAll(requested)) {
				throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_SCOPE,
						"scope must be among " + settings.scopes(), null));
			}
		};
	}

	/** Browser-based clients (the MCP Inspector) read the metadata and call the token and registration endpoints. */
	private static UrlBasedCorsConfigurationSource anyOrigin() {
		CorsConfiguration cors = new CorsConfiguration();
		cors.addAllowedOriginPattern("*");
		cors.setAllowedMethods(List.of("GET", "POST", "OPTIONS"));
		cors.addAllowedHeader("*");
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

	/** Served by the dispatcher servlet's bean-name mapping at {@value ConsentPage#PATH}. */
	@Bean(ConsentPage.PATH)
	ConsentPage consentPage(RegisteredClientRepository clients) {
		return new ConsentPage(clients);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(IdentityProviderSettings settings) {
		return AuthorizationServerSettings.builder()
			.issuer(settings.issuer().toString())
			.clientRegistrationEndpoint(REGISTRATION_ENDPOINT)
			.build();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService users(IdentityProviderSettings settings, PasswordEncoder encoder) {
		return new InMemoryUserDetailsManager(settings.users()
			.stream()
			.map(user -> User.withUsername(user.username()).password(encoder.encode(user.password())).roles("USER").build())
			.toList());
	}

	@Bean
	RegisteredClientRepository clients(IdentityProviderSettings settings, PasswordEncoder encoder) {
		DemoClient demo = settings.client();
		RegisteredClient service = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(demo.clientId())
			.clientSecret(encoder.encode(demo.secret()))
			.clientName("mcp-edge demo service (" + demo.organization() + ")")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.scopes(scopes -> scopes.addAll(settings.scopes()))
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
			.build();
		return new InMemoryRegisteredClientRepository(service, dashboard(settings.dashboard(), encoder));
	}

	/** The key dashboard: the gateway's own console, so no consent page. */
	private static RegisteredClient dashboard(DashboardClient dashboard, PasswordEncoder encoder) {
		return RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(dashboard.clientId())
			.clientSecret(encoder.encode(dashboard.secret()))
			.clientName("mcp-edge key dashboard")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUris(uris -> uris.addAll(dashboard.redirectUris()))
			.postLogoutRedirectUris(uris -> uris.addAll(dashboard.postLogoutRedirectUris()))
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
			.build();
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> accessTokenClaims(IdentityProviderSettings settings) {
		return new AccessTokenClaims(settings);
	}

	/** For the registration endpoint, which takes the provider's own tokens. */
	@Bean
	JwtDecoder jwtDecoder(JWKSource<SecurityContext> signingKeys) {
		return OAuth2AuthorizationServerConfiguration.jwtDecoder(signingKeys);
	}

	/** A signing key of its own at each start: tokens of an earlier run are not valid. */
	@Bean
	JWKSource<SecurityContext> signingKeys() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
			return new ImmutableJWKSet<>(new JWKSet(key));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("RSA is not available", ex);
		}
	}
}
