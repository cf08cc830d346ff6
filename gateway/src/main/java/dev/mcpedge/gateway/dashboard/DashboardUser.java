package dev.mcpedge.gateway.dashboard;

import java.util.Collection;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in user as the dashboard sees them: who they are, the organizations their ID token names in
 * the organization claim (a string or a list of strings), and whether they are an operator, who manages
 * every organization.
 *
 * @param subject the ID token's {@code sub}
 * @param organizations the organizations named by the claim, possibly none
 * @param operator whether the user manages every organization ({@link DashboardOperators})
 */
record DashboardUser(String subject, List<String> organizations, boolean operator) {

	DashboardUser {
		organizations = List.copyOf(organizations);
	}

	/** A user who is not an operator. */
	DashboardUser(String subject, List<String> organizations) {
		this(subject, organizations, false);
	}

	/** Whether the user may manage the keys of {@code organization}: one of theirs, or any for an operator. */
	boolean manages(@Nullable String organization) {
		if (organization == null) {
			return false;
		}
		return operator ? StringUtils.hasText(organization) : organizations.contains(organization);
	}

	/** {@code organization}, when the user may manage it; else 403, whatever the form sent. */
	String mayManage(@Nullable String organization) {
		if (manages(organization)) {
			return organization;
		}
		throw new ResponseStatusException(HttpStatus.FORBIDDEN, "not an organization you may manage");
	}

	/**
	 * The organizations whose keys the list shows: {@code opened} when one is asked for (403 unless the
	 * user may manage it), else the user's own. Each is read on its own, as the key store indexes keys
	 * per organization: no scan of every key, which Redis Cluster could not do in one command.
	 */
	List<String> listed(@Nullable String opened) {
		return StringUtils.hasText(opened) ? List.of(mayManage(opened.trim())) : organizations;
	}

	static DashboardUser of(OidcUser user, String organizationClaim, DashboardOperators operators) {
		Object claim = user.getClaims().get(organizationClaim);
		List<String> organizations = List.of();
		if (claim instanceof String one && !one.isBlank()) {
			organizations = List.of(one);
		}
		else if (claim instanceof Collection<?> many) {
			organizations = many.stream().filter(String.class::isInstance).map(String.class::cast).toList();
		}
		return new DashboardUser(user.getSubject(), organizations, operators.includes(user));
	}
}
