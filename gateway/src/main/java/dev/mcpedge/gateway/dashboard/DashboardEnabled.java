package dev.mcpedge.gateway.dashboard;

import dev.mcpedge.autoconfigure.DashboardProperties;
import dev.mcpedge.gateway.dev.identity.DevelopmentIdentityProvider;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether the dashboard is on: when its client is configured ({@code mcp-edge.dashboard.issuer-uri} and
 * {@code .client-id} both set, {@link DashboardProperties}), or in development mode through the development identity provider.
 * Otherwise it is off and its paths answer 404, never an open page; a half configuration stops the
 * start ({@link DashboardSettingsCheck}).
 */
final class DashboardEnabled implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		return configured(environment) || DevelopmentIdentityProvider.wanted(environment);
	}

	/** Both the issuer and the client id set, read before any bean binds {@link DashboardProperties}. */
	static boolean configured(Environment environment) {
		Binder binder = Binder.get(environment);
		return hasText(binder, DashboardProperties.ISSUER_URI) && hasText(binder, DashboardProperties.CLIENT_ID);
	}

	private static boolean hasText(Binder binder, String name) {
		return binder.bind(name, String.class).map(StringUtils::hasText).orElse(false);
	}
}
