package dev.mcpedge.gateway.dashboard;

import dev.mcpedge.autoconfigure.DashboardProperties;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells an operator, without a stack trace, which dashboard setting to add, or what to remove to go without it. */
class DashboardHalfConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<DashboardHalfConfiguredException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DashboardHalfConfiguredException cause) {
		return new FailureAnalysis(cause.getMessage()
				+ ": the dashboard signs in through OpenID Connect and needs both the provider and its client there.",
				"Set " + cause.missing() + " (both " + DashboardProperties.ISSUER_URI + " and " + DashboardProperties.CLIENT_ID
						+ ", and " + DashboardProperties.PREFIX + ".client-secret for a confidential client), or unset both "
						+ "to run without the dashboard (its paths then answer 404).",
				cause);
	}
}
