package dev.mcpedge.gateway.dashboard;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * Turns the signed-in OpenID Connect user into a {@link DashboardUser}, reading the organizations
 * from the trusted issuer's organization claim ({@code mcp-edge.oauth.issuers[0].organization-claim},
 * {@code org_id} in development mode).
 */
@Component
@Conditional(DashboardEnabled.class)
class DashboardUsers {

	private final String organizationClaim;

	DashboardUsers(@Value("${mcp-edge.oauth.issuers[0].organization-claim:org_id}") String organizationClaim) {
		this.organizationClaim = organizationClaim;
	}

	DashboardUser of(OidcUser user) {
		return DashboardUser.of(user, organizationClaim);
	}
}
