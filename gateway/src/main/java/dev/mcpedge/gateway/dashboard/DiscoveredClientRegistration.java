package dev.mcpedge.gateway.dashboard;

import java.time.Duration;


import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.mcpedge.autoconfigure.DashboardProperties;
import dev.mcpedge.gateway.dev.identity.DashboardClient;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.web.server.ResponseStatusException;

/**
 * The dashboard's client registration at the configured OpenID Connect provider
 * ({@code mcp-edge.dashboard.*}), its endpoints read from the provider's discovery document on the first
 * sign-in rather than at start: the gateway's MCP traffic must not wait for, or fail with, a provider
 * that is slow or down while the gateway starts. A discovery that fails answers that sign-in with 503
 * and is tried again on the next one; a discovery that succeeds is kept.
 */
final class DiscoveredClientRegistration implements ReactiveClientRegistrationRepository {

	private static final Log logger = LogFactory.getLog(DiscoveredClientRegistration.class);

	private final DashboardProperties settings;

	/**
	 * The discovery, made once and kept when it succeeds; every sign-in waiting for it shares the one in
	 * flight (a provider that is down must not fill the blocking pool with a call per visitor), and after a
	 * failure the next sign-in starts another.
	 */
	private final Mono<ClientRegistration> registration;

	DiscoveredClientRegistration(DashboardProperties settings) {
		this.settings = settings;
		// ClientRegistrations reads the discovery document with a blocking HTTP client
		this.registration = Mono.fromCallable(this::discover)
			.subscribeOn(Schedulers.boundedElastic())
			.cache(found -> Duration.ofMillis(Long.MAX_VALUE), failed -> Duration.ZERO, () -> Duration.ZERO);
	}

	@Override
	public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
		if (!DashboardClient.REGISTRATION_ID.equals(registrationId)) {
			return Mono.empty();
		}
		return registration;
	}

	private ClientRegistration discover() {
		try {
			ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(settings.issuerUri().toString())
				.registrationId(DashboardClient.REGISTRATION_ID)
				.clientId(settings.clientId())
				.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
				.scope(settings.scopes())
				.userNameAttributeName(IdTokenClaimNames.SUB)
				.clientName("mcp-edge")
				.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
			if (settings.clientSecret() != null) {
				builder.clientSecret(settings.clientSecret());
			}
			else {
				builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
			}
			return builder.build();
		}
		catch (RuntimeException ex) {
			logger.warn("Dashboard sign-in: the OpenID Connect discovery of " + settings.issuerUri() + " failed: " + ex.getMessage());
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "the identity provider could not be reached");
		}
	}
}
