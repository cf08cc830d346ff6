package dev.mcpedge.gateway.dashboard;

import java.net.URI;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.gateway.dev.identity.DashboardClient;
import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * The dashboard's security: one filter chain for {@link DashboardPaths} only, OpenID Connect login,
 * every page for a signed-in user, CSRF protection on every change (Spring Security's default, the
 * token rendered into forms by Thymeleaf), a Content-Security-Policy without inline script, no
 * referrer, and sign-out ({@link DashboardSignOut}). The session cookie is WebFlux's: {@code HttpOnly},
 * {@code SameSite=Lax}, {@code Secure} for https requests (directly over TLS, or through a proxy whose
 * {@code X-Forwarded-Proto} the server trusts with {@code server.forward-headers-strategy}). The client
 * registration ({@link DashboardSignIn}) is not a bean, so Spring Boot's OAuth client auto-configuration
 * stays off and secures nothing else.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(DashboardEnabled.class)
@EnableWebFluxSecurity
class DashboardSecurity {

	private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

	/** Where a visitor without a session goes: straight to the identity provider, no login page of our own. */
	static final String SIGN_IN = "/oauth2/authorization/" + DashboardClient.REGISTRATION_ID;

	/**
	 * The policy of every dashboard response. Forms post to the dashboard only, but the sign-out form's
	 * answer redirects to the identity provider's end-session endpoint, and browsers apply
	 * {@code form-action} to that redirect too: the provider's origin is allowed there.
	 */
	static String contentSecurityPolicy(URI identityProvider) {
		return CONTENT_SECURITY_POLICY + " " + identityProvider.getScheme() + "://" + identityProvider.getRawAuthority();
	}

	@Bean
	SecurityWebFilterChain dashboardSecurityChain(ServerHttpSecurity http, McpEdgeProperties properties,
			ObjectProvider<DevelopmentIdentityProvider> development) {
		ReactiveClientRegistrationRepository registrations = DashboardSignIn.of(properties.dashboard(), development);
		URI issuer = DashboardSignIn.issuer(properties.dashboard(), development);
		return http.securityMatcher(DashboardPaths.MATCHER)
			.authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new RedirectServerAuthenticationEntryPoint(SIGN_IN)))
			.oauth2Login(login -> login.clientRegistrationRepository(registrations))
			.logout(logout -> DashboardSignOut.configure(logout, registrations))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(contentSecurityPolicy(issuer)))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.build();
	}

	/**
	 * The session cookie with {@code SameSite=Lax} set explicitly: without it WebFlux's resolver as Spring
	 * Boot configures it sends no {@code SameSite} at all. {@code HttpOnly} always; {@code Secure} is set by
	 * the resolver for https requests.
	 */
	@Bean
	WebSessionIdResolver dashboardSessionCookie() {
		CookieWebSessionIdResolver resolver = new CookieWebSessionIdResolver();
		resolver.addCookieInitializer(cookie -> cookie.httpOnly(true).sameSite("Lax"));
		return resolver;
	}

	@Bean
	ServerWebExchangeFirewall dashboardOnlyFirewall() {
		return new DashboardOnlyFirewall();
	}
}
