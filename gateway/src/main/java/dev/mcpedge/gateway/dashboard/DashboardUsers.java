package dev.mcpedge.gateway.dashboard;

import java.net.URI;

import dev.mcpedge.autoconfigure.DashboardProperties;
import dev.mcpedge.autoconfigure.IssuerProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Turns the signed-in OpenID Connect user into a {@link DashboardUser}: the organizations from the
 * organization claim ({@code mcp-edge.dashboard.organization-claim}; by default the one of the
 * {@code mcp-edge.oauth.issuers} entry for the same issuer, so the dashboard and the OAuth endpoint read a
 * user alike, else {@code org_id}), and whether they are an operator ({@link DashboardOperators}).
 */
@Component
@Conditional(DashboardEnabled.class)
class DashboardUsers {

	static final String DEFAULT_ORGANIZATION_CLAIM = "org_id";

	private final String organizationClaim;

	private final DashboardOperators operators;

	DashboardUsers(McpEdgeProperties properties, ObjectProvider<DevelopmentIdentityProvider> development) {
		DashboardProperties settings = properties.dashboard();
		this.organizationClaim = (settings.organizationClaim() != null) ? settings.organizationClaim()
				: organizationClaim(properties, DashboardSignIn.issuer(settings, development));
		this.operators = DashboardOperators.of(settings);
	}

	DashboardUser of(OidcUser user) {
		return DashboardUser.of(user, organizationClaim, operators);
	}

	/** The organization claim of the trusted issuer {@code issuer}, else {@value #DEFAULT_ORGANIZATION_CLAIM}. */
	private static String organizationClaim(McpEdgeProperties properties, URI issuer) {
		return properties.oauth()
			.issuers()
			.stream()
			.filter(entry -> sameIssuer(entry.issuerUri(), issuer))
			.map(IssuerProperties::organizationClaim)
			.filter(claim -> claim != null && !claim.isBlank())
			.findFirst()
			.orElse(DEFAULT_ORGANIZATION_CLAIM);
	}

	private static boolean sameIssuer(URI one, URI other) {
		return one.toString().replaceAll("/+$", "").equals(other.toString().replaceAll("/+$", ""));
	}
}
