package dev.mcpedge.gateway.dev;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.demo.DemoMcpServer;

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
 * set, and the demo MCP server when no backend is set. Either turns off as soon as its setting is
 * given.
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

	/** True when neither {@code spring.data.redis.url} nor {@code spring.data.redis.host} is set. */
	static final class NoRedisConfigured implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment env = context.getEnvironment();
			return !env.containsProperty("spring.data.redis.url") && !env.containsProperty("spring.data.redis.host");
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
