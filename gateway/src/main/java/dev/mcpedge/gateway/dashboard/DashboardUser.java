package dev.mcpedge.gateway.dashboard;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in user as the dashboard sees them: who they are and the organizations they may manage,
 * from the organization claim of their ID token (a string or a list of strings).
 *
 * @param subject the ID token's {@code sub}
 * @param organizations the organizations named by the claim, possibly none
 */
record DashboardUser(String subject, List<String> organizations) {

	DashboardUser {
		organizations = List.copyOf(organizations);
	}

	/** Whether the user may manage the keys of {@code organization}. */
	boolean manages(@Nullable String organization) {
		return organization != null && organizations.contains(organization);
	}

	/** {@code organization}, when the user may manage it; else 403, whatever the form sent. */
	String mayManage(@Nullable String organization) {
		if (manages(organization)) {
			return organization;
		}
		throw new ResponseStatusException(HttpStatus.FORBIDDEN, "not an organization you may manage");
	}

	static DashboardUser of(OidcUser user, String organizationClaim) {
		Object claim = user.getClaims().get(organizationClaim);
		List<String> organizations = List.of();
		if (claim instanceof String one && !one.isBlank()) {
			organizations = List.of(one);
		}
		else if (claim instanceof Collection<?> many) {
			organizations = many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		return new DashboardUser(user.getSubject(), organizations);
	}
}
