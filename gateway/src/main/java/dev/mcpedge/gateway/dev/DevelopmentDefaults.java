package dev.mcpedge.gateway.dev;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.demo.DemoMcpServer;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * What runs when nothing is configured (DESIGN §9): an embedded redis-server when no Redis is
 * set (standalone, Sentinel or Cluster), and the demo MCP server when no backend is set. Either turns
 * off as soon as its setting is given.
 */
@Configuration(proxyBeanMethods = false)
class DevelopmentDefaults {

	@Bean(destroyMethod = "close")
	@Conditional(NoRedisConfigured.class)
	EmbeddedRedisServer embeddedRedisServer() {
		return EmbeddedRedisServer.start();
	}

	@Bean
	@Conditional(NoRedisConfigured.class)
	DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedRedisServer server) {
		return new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of("127.0.0.1", server.port());
			}
		};
	}

	@Bean(destroyMethod = "close")
	@Conditional(NoBackendConfigured.class)
	DemoMcpServer demoMcpServer(JsonMapper json) {
		return DemoMcpServer.start(json);
	}

	/**
	 * True when no Redis connection setting is given: none of Spring Boot's {@code spring.data.redis}
	 * {@code url}, {@code host}, {@code port}, {@code sentinel.master}, {@code sentinel.nodes},
	 * {@code cluster.nodes} or {@code masterreplica.nodes}, in any form (a property, a YAML list, an environment variable). Any one of
	 * them means a real Redis is meant, and keys must never land in a throw-away embedded one.
	 */
	static final class NoRedisConfigured implements Condition {

		private static final String[] SETTINGS = { "url", "host", "port", "sentinel.master" };

		private static final String[] LISTS = { "sentinel.nodes", "cluster.nodes", "masterreplica.nodes" };

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !configured(context.getEnvironment());
		}

		static boolean configured(Environment env) {
			Binder binder = Binder.get(env);
			for (String setting : SETTINGS) {
				if (binder.bind("spring.data.redis." + setting, String.class).isBound()) {
					return true;
				}
			}
			for (String list : LISTS) {
				if (binder.bind("spring.data.redis." + list, Bindable.listOf(String.class)).isBound()) {
					return true;
				}
			}
			return false;
		}
	}

	/** True when {@code mcp-edge.backend.url} is not set. */
	static final class NoBackendConfigured implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !context.getEnvironment().containsProperty("mcp-edge.backend.url");
		}
	}
}
