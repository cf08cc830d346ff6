package dev.mcpedge.autoconfigure;

import dev.mcpedge.audit.McpAuditGatewayFilterFactory;
import dev.mcpedge.auth.McpAuthGatewayFilterFactory;
import dev.mcpedge.backend.BackendCircuitBreakerFilter;
import dev.mcpedge.backend.SseIdleTimeoutFilter;
import dev.mcpedge.policy.McpPolicyGatewayFilterFactory;
import dev.mcpedge.policy.McpToolListGatewayFilterFactory;
import dev.mcpedge.ratelimit.McpRateLimitGatewayFilterFactory;
import dev.mcpedge.routing.SandboxRoutingFilter;
import dev.mcpedge.sessions.McpSessionGatewayFilterFactory;
import dev.mcpedge.sessions.StreamEndFilter;
import dev.mcpedge.web.McpTransportGatewayFilterFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ordered list of an MCP route's steps ({@link McpEdgeRouteFilters}), for the application's routes.
 * Every step is looked up as optional here, because each can be switched off; whether the edge's own
 * routes may do without a missing one is for {@link McpEdgeRouteFilters#of} to decide.
 */
@Configuration(proxyBeanMethods = false)
class McpEdgeRouteFiltersConfiguration {

	@Bean
	@ConditionalOnMissingBean
	McpEdgeRouteFilters mcpEdgeRouteFilters(McpEdgeProperties properties, ObjectProvider<McpAuditGatewayFilterFactory> audit,
			ObjectProvider<McpTransportGatewayFilterFactory> transport, ObjectProvider<McpAuthGatewayFilterFactory> auth,
			ObjectProvider<McpPolicyGatewayFilterFactory> policy, ObjectProvider<McpRateLimitGatewayFilterFactory> rateLimit,
			ObjectProvider<McpToolListGatewayFilterFactory> toolList, ObjectProvider<McpSessionGatewayFilterFactory> session,
			ObjectProvider<SseIdleTimeoutFilter> sseIdleTimeout, ObjectProvider<StreamEndFilter> streamEnd,
			ObjectProvider<SandboxRoutingFilter> sandbox, ObjectProvider<BackendCircuitBreakerFilter> circuitBreaker) {
		return new McpEdgeRouteFilters(audit.getIfAvailable(), transport.getIfAvailable(), auth.getIfAvailable(),
				policy.getIfAvailable(), rateLimit.getIfAvailable(), toolList.getIfAvailable(), session.getIfAvailable(),
				sseIdleTimeout.getIfAvailable(), streamEnd.getIfAvailable(), sandbox.getIfAvailable(),
				properties.backend().testUrl() != null, circuitBreaker.getIfAvailable());
	}
}
