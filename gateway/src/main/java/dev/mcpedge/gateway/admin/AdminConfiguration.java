package dev.mcpedge.gateway.admin;

import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.audit.AuditLog;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.gateway.dev.EmbeddedRedisServer;
import dev.mcpedge.keys.ApiKeyAdministration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

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

	/**
	 * The admin API as one router function whose every route runs behind {@link AdminAccess}: the check
	 * is bound to the handlers, so it holds for any spelling of a path that the router sends to them.
	 * Refused key operations become the API's answers through {@link KeyRequestRefusals}.
	 */
	@Bean
	RouterFunction<ServerResponse> adminRoutes(AdminCredential credential, ApiKeyAdministration administration,
			KeyRequests requests, AuditLog audit) {
		AdminKeysHandler keys = new AdminKeysHandler(administration, requests, audit);
		AdminAuditHandler records = new AdminAuditHandler(audit);
		return RouterFunctions.route()
			.path("/admin", admin -> admin
				.POST("/keys", keys::create)
				.GET("/keys", keys::list)
				.POST("/keys/import", keys::importKey)
				.GET("/keys/{id}", keys::get)
				.PATCH("/keys/{id}", keys::update)
				.POST("/keys/{id}/revoke", keys::revoke)
				.POST("/keys/{id}/roll", keys::roll)
				.GET("/audit", records::recent))
			.filter(new KeyRequestRefusals())
			.filter(new AdminAccess(credential))
			.build();
	}
}
