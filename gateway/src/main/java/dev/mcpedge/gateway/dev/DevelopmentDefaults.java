package dev.mcpedge.gateway.dev;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.demo.DemoMcpServer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * What runs when nothing is configured (DESIGN §9): an embedded redis-server when no Redis is
 * set (standalone, Sentinel or Cluster), and the demo MCP server when no backend is set. Either turns
 * off as soon as its setting is given, and both with {@code mcp-edge.dev-mode=false}.
 * <p>
 * A production setting (an admin token, a backend URL) with no Redis configured stops the start
 * unless {@code mcp-edge.dev-mode=true} says the embedded Redis is meant: keys created through the
 * admin API must never land in a throw-away process that loses them at the next restart.
 */
@Configuration(proxyBeanMethods = false)
class DevelopmentDefaults {

	static final String DEV_MODE = DevelopmentMode.DEV_MODE;

	/** The settings that mean an instance serves real traffic. */
	static final List<String> PRODUCTION_SETTINGS = List.of("mcp-edge.backend.url", "mcp-edge.admin.token");

	@Bean(destroyMethod = "close")
	@Conditional(EmbeddedRedis.class)
	EmbeddedRedisServer embeddedRedisServer(Environment env) {
		if (devMode(env) == null) {
			List<String> production = PRODUCTION_SETTINGS.stream().filter(env::containsProperty).toList();
			if (!production.isEmpty()) {
				throw new ProductionSettingsWithoutRedisException(production);
			}
		}
		return EmbeddedRedisServer.start();
	}

	@Bean
	@Conditional(EmbeddedRedis.class)
	DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedRedisServer server) {
		return new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of("127.0.0.1", server.port());
			}
		};
	}

	/** The audit stream on, so the dashboard and the admin API show recent records. */
	@Bean
	@Conditional(EmbeddedRedis.class)
	static DevelopmentAuditStream developmentAuditStream(ConfigurableEnvironment environment) {
		return new DevelopmentAuditStream(environment);
	}

	@Bean(destroyMethod = "close")
	@Conditional(DemoServer.class)
	DemoMcpServer demoMcpServer(JsonMapper json) {
		return DemoMcpServer.start(json);
	}

	/** The demo tools mapped to scopes, unless the operator maps tools himself. */
	@Bean
	@Conditional(DemoServer.class)
	static DemoToolScopes demoToolScopes(ConfigurableEnvironment environment) {
		return new DemoToolScopes(environment);
	}

	/** {@code mcp-edge.dev-mode}: {@code null} when unset. */
	static @Nullable Boolean devMode(Environment env) {
		return DevelopmentMode.setting(env);
	}

	/** True unless {@code mcp-edge.dev-mode} is false or a Redis connection setting is given. */
	static final class EmbeddedRedis implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment env = context.getEnvironment();
			return !Boolean.FALSE.equals(devMode(env)) && !RedisSettings.given(env);
		}
	}

	/** True unless {@code mcp-edge.dev-mode} is false or {@code mcp-edge.backend.url} is set. */
	static final class DemoServer implements Condition {
		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment env = context.getEnvironment();
			return !Boolean.FALSE.equals(devMode(env)) && !env.containsProperty("mcp-edge.backend.url");
		}
	}
}
