package dev.mcpedge.gateway.cli;

import java.time.Clock;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.autoconfigure.ApiKeysProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.gateway.admin.KeyRequests;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyFormat;
import dev.mcpedge.keys.ApiKeyStore;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Just what the key commands need: settings, Redis and key administration; no web server, no
 * gateway, and no key verification (no cache, no event subscription, no last-use writer). Changes
 * still reach running gateways through Redis pub/sub. Deliberately not a {@code @Configuration}: the
 * application's component scan must not pick it up.
 */
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, DataRedisAutoConfiguration.class,
		DataRedisReactiveAutoConfiguration.class })
@EnableConfigurationProperties(McpEdgeProperties.class)
class KeyToolConfiguration {

	@Bean
	ApiKeyAdministration apiKeyAdministration(McpEdgeProperties properties, ReactiveStringRedisTemplate redis,
			JsonMapper json) {
		ApiKeysProperties keys = properties.apiKeys();
		return new ApiKeyAdministration(new ApiKeyFormat(keys.livePrefix(), keys.testPrefix()),
				new ApiKeyStore(redis, json), Clock.systemUTC());
	}

	@Bean
	KeyRequests keyRequests(JsonMapper json) {
		return new KeyRequests(json);
	}
}
