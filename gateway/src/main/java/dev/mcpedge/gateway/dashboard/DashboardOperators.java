package dev.mcpedge.gateway.dashboard;

import java.util.Collection;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.mcpedge.autoconfigure.DashboardProperties;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Who is an operator, managing every organization: a user whose ID token (or user info) has the
 * configured claim with the configured value (a string equal to it, or a list containing it), or whose
 * subject is one of the configured ones ({@code mcp-edge.dashboard.operator-claim} and
 * {@code .operator-subjects}). Nobody, when neither is set.
 *
 * @param claim the claim's name, or {@code null} for no operator by claim
 * @param value the value the claim must have or contain
 * @param subjects the operators' {@code sub} values
 */
record DashboardOperators(@Nullable String claim, @Nullable String value, Set<String> subjects) {

	DashboardOperators {
		subjects = Set.copyOf(subjects);
	}

	static DashboardOperators of(DashboardProperties settings) {
		String operatorClaim = settings.operatorClaim();
		if (operatorClaim == null) {
			return new DashboardOperators(null, null, Set.copyOf(settings.operatorSubjects()));
		}
		int eq = operatorClaim.indexOf('=');
		return new DashboardOperators(operatorClaim.substring(0, eq), operatorClaim.substring(eq + 1).trim(),
				Set.copyOf(settings.operatorSubjects()));
	}

	/** Whether {@code user} is an operator. */
	boolean includes(OidcUser user) {
		if (subjects.contains(user.getSubject())) {
			return true;
		}
		if (claim == null) {
			return false;
		}
		Object found = user.getClaims().get(claim);
		if (found instanceof Collection<?> many) {
			return many.stream().anyMatch(one -> value.equals(String.valueOf(one)));
		}
		// a string, or a boolean or number claim (role=operator, admin=true, level=3)
		return found != null && value.equals(String.valueOf(found));
	}
}
