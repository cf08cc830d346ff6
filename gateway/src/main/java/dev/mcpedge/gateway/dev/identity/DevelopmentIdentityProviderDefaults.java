package dev.mcpedge.gateway.dev.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties.Endpoint;
import dev.mcpedge.discovery.EndpointUrls;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts the development identity provider when {@link DevelopmentIssuer} made the gateway trust it,
 * with fresh demo passwords, the scopes the gateway knows of ({@code mcp-edge.oauth.scopes-supported}
 * and every scope in {@code mcp-edge.policy.tool-scopes}) and the resource URLs of its OAuth endpoints.
 */
@Configuration(proxyBeanMethods = false)
class DevelopmentIdentityProviderDefaults {

	@Bean(destroyMethod = "close")
	@Conditional(Trusted.class)
	DevelopmentIdentityProvider developmentIdentityProvider(ConfigurableEnvironment environment,
			McpEdgeProperties properties, EndpointUrls urls) {
		Set<String> scopes = new LinkedHashSet<>(properties.oauth().scopesSupported());
		properties.policy().toolScopes().values().forEach(scopes::addAll);
		List<String> resources = properties.endpoints().stream()
			.filter(Endpoint::acceptsOAuth)
			.map(endpoint -> urls.resource(endpoint.path()))
			.toList();
		if (resources.isEmpty()) {
			resources = List.of(urls.resource(properties.primaryEndpoint().path()));
		}
		return DevelopmentIdentityProvider.start(new IdentityProviderSettings(DevelopmentIssuer.issuer(environment),
				DemoUser.generate(), DemoClient.generate(), List.copyOf(scopes), resources));
	}

	/** {@link DevelopmentIssuer} added the provider as the trusted issuer. */
	static final class Trusted implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getEnvironment() instanceof ConfigurableEnvironment environment
					&& environment.getPropertySources().contains(DevelopmentIssuer.PROPERTY_SOURCE);
		}
	}
}
