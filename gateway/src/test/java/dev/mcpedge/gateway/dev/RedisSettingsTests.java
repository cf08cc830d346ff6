package dev.mcpedge.gateway.dev;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any of Spring Boot's Redis connection settings, in whatever form an operator gives it, means a real
 * Redis: the embedded development one must not start and take the keys.
 */
class RedisSettingsTests {

	private static boolean configured(Map<String, Object> properties, boolean asEnvironmentVariables) {
		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources().addFirst(asEnvironmentVariables
				? new SystemEnvironmentPropertySource("test-env", properties) : new MapPropertySource("test", properties));
		ConfigurationPropertySources.attach(env);
		return RedisSettings.given(env);
	}

	@Test
	void configuredWhenNothingSetThenFalse() {
		assertThat(configured(Map.of("spring.data.redis.timeout", "500ms", "mcp-edge.backend.url", "http://x/mcp"), false))
			.isFalse();
	}

	@Test
	void configuredWhenAnyConnectionSettingThenTrue() {
		for (Map<String, Object> setting : java.util.List.<Map<String, Object>>of(
				Map.of("spring.data.redis.url", "redis://redis.internal:6379"),
				Map.of("spring.data.redis.host", "redis.internal"),
				Map.of("spring.data.redis.port", "6380"),
				Map.of("spring.data.redis.sentinel.master", "mymaster"),
				Map.of("spring.data.redis.sentinel.nodes", "10.0.0.1:26379,10.0.0.2:26379"),
				Map.of("spring.data.redis.cluster.nodes[0]", "10.0.0.1:7000"),
				Map.of("spring.data.redis.cluster.nodes", "10.0.0.1:7000,10.0.0.2:7000"),
				Map.of("spring.data.redis.masterreplica.nodes[0]", "10.0.0.1:6379"))) {
			assertThat(configured(setting, false)).as(setting.toString()).isTrue();
		}
	}

	@Test
	void configuredWhenEnvironmentVariablesThenTrue() {
		assertThat(configured(Map.of("SPRING_DATA_REDIS_CLUSTER_NODES", "10.0.0.1:7000,10.0.0.2:7000"), true)).isTrue();
		assertThat(configured(Map.of("SPRING_DATA_REDIS_SENTINEL_MASTER", "mymaster"), true)).isTrue();
		assertThat(configured(Map.of("SPRING_DATA_REDIS_TIMEOUT", "1s"), true)).isFalse();
	}
}
