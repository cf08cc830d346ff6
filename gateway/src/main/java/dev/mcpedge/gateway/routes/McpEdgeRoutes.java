package dev.mcpedge.gateway.routes;

import java.net.URI;

import dev.mcpedge.audit.McpAuditGatewayFilterFactory;
import dev.mcpedge.auth.McpAuthGatewayFilterFactory;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties.Endpoint;
import dev.mcpedge.backend.BackendCircuitBreakerFilter;
import dev.mcpedge.backend.SseIdleTimeoutFilter;
import dev.mcpedge.gateway.demo.DemoMcpServer;
import dev.mcpedge.policy.McpPolicyGatewayFilterFactory;
import dev.mcpedge.policy.McpToolListGatewayFilterFactory;
import dev.mcpedge.ratelimit.McpRateLimitGatewayFilterFactory;
import dev.mcpedge.routing.SandboxRoutingFilter;
import dev.mcpedge.sessions.McpSessionGatewayFilterFactory;
import dev.mcpedge.sessions.StreamEndFilter;
import dev.mcpedge.web.McpTransportGatewayFilterFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.lang.Nullable;
import org.springframework.util.StringUtils;

/**
 * One route per configured MCP endpoint: POST, GET and DELETE on exactly that path, forwarded to the
 * backend's MCP endpoint with the identity headers. The route lists every step of the request path,
 * in the order they run ({@link dev.mcpedge.pipeline.FilterOrder} holds the orders, and where the
 * gateway's own filters sit between them): audit, transport, authentication, policy, rate limit, the
 * {@code tools/list} rewrite, session binding, the SSE idle timeout and stream end, the backend's
 * path, the sandbox switch and the circuit breaker. The circuit breaker
 * and the sandbox switch are left out when switched off or not configured.
 */
@Configuration(proxyBeanMethods = false)
class McpEdgeRoutes {

	@Bean
	RouteLocator mcpEndpointRoutes(RouteLocatorBuilder builder, McpEdgeProperties properties, Steps steps,
			ObjectProvider<DemoMcpServer> demo) {
		URI backend = backend(properties, demo);
		String backendPath = StringUtils.hasLength(backend.getRawPath()) ? backend.getRawPath() : "/";
		RouteLocatorBuilder.Builder routes = builder.routes();
		for (Endpoint endpoint : properties.endpoints()) {
			routes.route("mcp-edge:" + endpoint.path(), r -> r.path(endpoint.path())
				.and()
				.method(HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE)
				.filters(f -> steps.apply(f, endpoint, backendPath))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, properties.backend().responseTimeout().toMillis())
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) properties.backend().connectTimeout().toMillis())
				.uri(backend));
		}
		return routes.build();
	}

	@Bean
	Steps mcpEdgeRouteSteps(McpAuditGatewayFilterFactory audit, McpTransportGatewayFilterFactory transport,
			McpAuthGatewayFilterFactory auth, McpPolicyGatewayFilterFactory policy, McpRateLimitGatewayFilterFactory rateLimit,
			McpToolListGatewayFilterFactory toolList, McpSessionGatewayFilterFactory session, SseIdleTimeoutFilter sseIdleTimeout,
			StreamEndFilter streamEnd, ObjectProvider<SandboxRoutingFilter> sandbox,
			ObjectProvider<BackendCircuitBreakerFilter> circuitBreaker) {
		return new Steps(audit, transport, auth, policy, rateLimit, toolList, session, sseIdleTimeout, streamEnd,
				sandbox.getIfAvailable(), circuitBreaker.getIfAvailable());
	}

	/** The steps of an MCP route, each a bean of the edge's auto-configuration. */
	record Steps(McpAuditGatewayFilterFactory audit, McpTransportGatewayFilterFactory transport,
			McpAuthGatewayFilterFactory auth, McpPolicyGatewayFilterFactory policy, McpRateLimitGatewayFilterFactory rateLimit,
			McpToolListGatewayFilterFactory toolList, McpSessionGatewayFilterFactory session, SseIdleTimeoutFilter sseIdleTimeout,
			StreamEndFilter streamEnd, @Nullable SandboxRoutingFilter sandbox,
			@Nullable BackendCircuitBreakerFilter circuitBreaker) {

		/** Adds the steps to a route's filters, in the order they run, with the gateway's {@code SetPath} in its place. */
		GatewayFilterSpec apply(GatewayFilterSpec f, Endpoint endpoint, String backendPath) {
			f.filter(audit.apply(c -> c.setEndpoint(endpoint.path())))
				.filter(transport.apply(new Object()))
				.filter(auth.apply(c -> c.setCredentials(endpoint.credentials()).setResourcePath(endpoint.path())))
				.filter(policy.apply(new Object()))
				.filter(rateLimit.apply(new Object()))
				.filter(toolList.apply(new Object()))
				.filter(session.apply(new Object()))
				.filter(sseIdleTimeout)
				.filter(streamEnd)
				.setPath(backendPath);
			if (sandbox != null) {
				f.filter(sandbox);
			}
			if (circuitBreaker != null) {
				f.filter(circuitBreaker);
			}
			return f;
		}
	}

	/** The backend's health, for the readiness group. */
	@Bean
	BackendHealthIndicator backendHealthIndicator(McpEdgeProperties properties, ObjectProvider<DemoMcpServer> demo) {
		return new BackendHealthIndicator(backend(properties, demo), properties.backend().connectTimeout());
	}

	private static URI backend(McpEdgeProperties properties, ObjectProvider<DemoMcpServer> demo) {
		if (properties.backend().url() != null) {
			return properties.backend().url();
		}
		DemoMcpServer server = demo.getIfAvailable();
		if (server == null) {
			throw new IllegalStateException("mcp-edge.backend.url must be set (the MCP server's endpoint URL)");
		}
		return server.uri();
	}
}
