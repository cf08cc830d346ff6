package dev.mcpedge.gateway.routes;

import java.net.URI;

import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeRouteFilters;
import dev.mcpedge.gateway.demo.DemoMcpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * One route per configured MCP endpoint: POST, GET and DELETE on exactly that path, through every
 * step of the edge ({@link McpEdgeRouteFilters}, in the order of {@code FilterOrder}: audit,
 * transport, authentication, policy, rate limit, the {@code tools/list} rewrite, session binding,
 * SSE idle timeout, stream end, the backend's URL, sandbox switch, circuit breaker), to the backend's
 * MCP endpoint with the identity headers.
 */
@Configuration(proxyBeanMethods = false)
class McpEdgeRoutes {

	@Bean
	RouteLocator mcpEndpointRoutes(RouteLocatorBuilder builder, McpEdgeProperties properties, McpEdgeRouteFilters steps,
			ObjectProvider<DemoMcpServer> demo) {
		URI backend = backend(properties, demo);
		BackendUrl backendUrl = new BackendUrl(backend);
		RouteLocatorBuilder.Builder routes = builder.routes();
		for (EndpointProperties endpoint : properties.endpoints()) {
			routes.route("mcp-edge:" + endpoint.path(), r -> r.path(endpoint.path())
				.and()
				.method(HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE)
				.filters(f -> f.filters(steps.of(endpoint)).filter(backendUrl))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, properties.backend().responseTimeout().toMillis())
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) properties.backend().connectTimeout().toMillis())
				.uri(backend));
		}
		return routes.build();
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
