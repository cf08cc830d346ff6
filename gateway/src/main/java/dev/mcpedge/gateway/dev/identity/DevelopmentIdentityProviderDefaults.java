package dev.mcpedge.gateway.dev.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.discovery.EndpointUrls;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * In development mode with no issuer configured, makes the gateway trust the development identity
 * provider ({@link DevelopmentIssuer}) and starts it, with fresh demo passwords, the scopes the gateway
 * knows of ({@code mcp-edge.oauth.scopes-supported} and every scope in {@code mcp-edge.policy.tool-scopes}),
 * the resource URLs of its OAuth endpoints, and the key dashboard registered as a client.
 */
@Configuration(proxyBeanMethods = false)
class DevelopmentIdentityProviderDefaults {

	/** Runs before any bean binds the settings, after every setting is in the environment. */
	@Bean
	@Conditional(Wanted.class)
	static BeanFactoryPostProcessor developmentIssuer(ConfigurableEnvironment environment) {
		return beanFactory -> DevelopmentIssuer.trust(environment);
	}

	@Bean(destroyMethod = "close")
	@Conditional(Wanted.class)
	DevelopmentIdentityProvider developmentIdentityProvider(ConfigurableEnvironment environment,
			McpEdgeProperties properties, EndpointUrls urls) {
		Set<String> scopes = new LinkedHashSet<>(properties.oauth().scopesSupported());
		properties.policy().toolScopes().values().forEach(scopes::addAll);
		List<String> resources = properties.endpoints().stream()
			.filter(EndpointProperties::acceptsOAuth)
			.map(endpoint -> urls.resource(endpoint.path()))
			.toList();
		if (resources.isEmpty()) {
			resources = List.of(urls.resource(properties.primaryEndpoint().path()));
		}
		return DevelopmentIdentityProvider.start(new IdentityProviderSettings(DevelopmentIssuer.issuer(environment),
				DemoUser.generate(), DemoClient.generate(), DashboardClient.generate(properties.publicUrl().toString()),
				List.copyOf(scopes), resources));
	}

	/** Development mode and no issuer configured ({@link DevelopmentIssuer#wanted}). */
	static final class Wanted implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return DevelopmentIssuer.wanted(context.getEnvironment());
		}
	}
}
