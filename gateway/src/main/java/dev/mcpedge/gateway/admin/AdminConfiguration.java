package dev.mcpedge.gateway.admin;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.gateway.dev.EmbeddedRedisServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AdminConfiguration {

	@Bean
	AdminCredential adminCredential(McpEdgeProperties properties, ObjectProvider<EmbeddedRedisServer> embeddedRedis) {
		String configured = properties.admin().token();
		if (configured != null) {
			return new AdminCredential(configured, false);
		}
		return embeddedRedis.getIfAvailable() != null ? AdminCredential.generate() : new AdminCredential(null, false);
	}

	@Bean
	KeyRequests keyRequests(JsonMapper json) {
		return new KeyRequests(json);
	}

	@Bean
	AdminAccessFilter adminAccessFilter(AdminCredential credential, ErrorResponder errors) {
		return new AdminAccessFilter(credential, errors);
	}
}
