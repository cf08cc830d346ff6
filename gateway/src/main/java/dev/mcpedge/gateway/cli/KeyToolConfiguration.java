package dev.mcpedge.gateway.cli;

import java.time.Clock;

import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.gateway.admin.KeyRequests;
import dev.mcpedge.keys.ApiKeyFormat;
import dev.mcpedge.keys.ApiKeys;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Just what the key commands need: settings, Redis and the key service; no web server, no gateway.
 * Deliberately not a {@code @Configuration}: the application's component scan must not pick it up.
 */
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
		DataRedisReactiveAutoConfiguration.class })
@EnableConfigurationProperties(McpEdgeProperties.class)
class KeyToolConfiguration {

	@Bean(destroyMethod = "close")
	ApiKeys apiKeys(McpEdgeProperties properties, ReactiveStringRedisTemplate redis, JsonMapper json) {
		McpEdgeProperties.ApiKeys keys = properties.apiKeys();
		return new ApiKeys(new ApiKeyFormat(keys.livePrefix(), keys.testPrefix()), redis, json, Clock.systemUTC(), keys,
				new CompositeMeterRegistry());
	}

	@Bean
	KeyRequests keyRequests(JsonMapper json) {
		return new KeyRequests(json);
	}
}
