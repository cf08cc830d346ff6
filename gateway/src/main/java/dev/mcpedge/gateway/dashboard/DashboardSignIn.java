package dev.mcpedge.gateway.dashboard;

import java.net.URI;
import java.util.Map;

import dev.mcpedge.autoconfigure.DashboardProperties;
import dev.mcpedge.gateway.dev.identity.DashboardClient;
import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;

/**
 * The dashboard's OpenID Connect client registration: the configured client
 * ({@code mcp-edge.dashboard.issuer-uri} and {@code .client-id}, discovered on first use by
 * {@link DiscoveredClientRegistration}) when there is one, in development mode too; otherwise the
 * development identity provider's dashboard client, with Spring Authorization Server's endpoint paths
 * (no discovery call at start), the authorization code grant with PKCE (the provider requires it of every
 * client) and only the {@code openid} scope: its ID token carries the organization, so no user info call
 * is made; its end-session endpoint is given, so that the dashboard's sign-out ends the provider's
 * session too.
 */
final class DashboardSignIn {

	private DashboardSignIn() {
	}

	static ReactiveClientRegistrationRepository of(DashboardProperties settings,
			ObjectProvider<DevelopmentIdentityProvider> development) {
		if (settings.configured()) {
			return new DiscoveredClientRegistration(settings);
		}
		return new InMemoryReactiveClientRegistrationRepository(development(development.getObject()));
	}

	/** The issuer users sign in at: the configured one, else the development identity provider. */
	static URI issuer(DashboardProperties settings, ObjectProvider<DevelopmentIdentityProvider> development) {
		return settings.configured() ? settings.issuerUri() : development.getObject().issuer();
	}

	static ClientRegistration development(DevelopmentIdentityProvider provider) {
		DashboardClient client = provider.dashboard();
		URI issuer = provider.issuer();
		return ClientRegistration.withRegistrationId(DashboardClient.REGISTRATION_ID)
			.clientId(client.clientId())
			.clientSecret(client.secret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
			.scope(OidcScopes.OPENID)
			.issuerUri(issuer.toString())
			.authorizationUri(issuer + "/oauth2/authorize")
			.tokenUri(issuer + "/oauth2/token")
			.jwkSetUri(issuer + "/oauth2/jwks")
			.providerConfigurationMetadata(Map.of("end_session_endpoint", issuer + "/connect/logout"))
			.userNameAttributeName(IdTokenClaimNames.SUB)
			.clientName("mcp-edge")
			.clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build())
			.build();
	}
}
