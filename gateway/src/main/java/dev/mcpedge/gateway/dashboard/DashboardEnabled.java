package dev.mcpedge.gateway.dashboard;

import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the dashboard is on. For now only in development mode, signed in through the development
 * identity provider; outside it the dashboard is off (its paths answer 404), never an open page,
 * until its client settings ({@code mcp-edge.dashboard.*}) exist.
 */
final class DashboardEnabled implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return DevelopmentIdentityProvider.wanted(context.getEnvironment());
	}
}
