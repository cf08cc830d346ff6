package dev.mcpedge.gateway.dev.identity;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What the gateway reads in the provider's access tokens: {@code aud} is the resource the client
 * asked for with RFC 8707's {@code resource} parameter (in the token request, else in the
 * authorization request), which must be one of the gateway's OAuth endpoints; without one, the first
 * endpoint. {@code org_id} is the signed-in user's organization, or the demo client's for the client
 * credentials grant. Scopes stay in SAS's {@code scope} claim. The ID token of an OpenID Connect
 * sign-in (the key dashboard's) carries {@code org_id} too, so the dashboard knows the user's
 * organization without a call to the user info endpoint.
 */
final class AccessTokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String ORGANIZATION = "org_id";

	static final String RESOURCE = "resource";

	private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	private final IdentityProviderSettings settings;

	AccessTokenClaims(IdentityProviderSettings settings) {
		this.settings = settings;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		if (ID_TOKEN.equals(context.getTokenType())) {
			organizationClaim(context);
			return;
		}
		if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			return;
		}
		context.getClaims().audience(List.of(resource(context)));
		organizationClaim(context);
	}

	private void organizationClaim(JwtEncodingContext context) {
		String organization = organization(context);
		if (organization != null) {
			context.getClaims().claim(ORGANIZATION, organization);
		}
	}

	private String resource(JwtEncodingContext context) {
		@Nullable Object requested = null;
		if (context.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant) {
			requested = grant.getAdditionalParameters().get(RESOURCE);
		}
		OAuth2Authorization authorization = context.getAuthorization();
		if (requested == null && authorization != null) {
			OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
			requested = request == null ? null : request.getAdditionalParameters().get(RESOURCE);
		}
		if (requested == null) {
			return settings.resources().get(0);
		}
		if (requested instanceof String resource && settings.resources().contains(resource)) {
			return resource;
		}
		throw new OAuth2AuthenticationException(new OAuth2Error("invalid_target",
				"resource must be one of " + settings.resources(), null));
	}

	private @Nullable String organization(JwtEncodingContext context) {
		if (settings.client().clientId().equals(context.getRegisteredClient().getClientId())) {
			return settings.client().organization();
		}
		Authentication principal = context.getPrincipal();
		DemoUser user = principal == null ? null : settings.user(principal.getName());
		return user == null ? null : user.organization();
	}
}
