package dev.mcpedge.gateway.routes;

import java.net.URI;

import dev.mcpedge.audit.McpAuditGatewayFilterFactory;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties.Endpoint;
import dev.mcpedge.auth.McpAuthGatewayFilterFactory;
import dev.mcpedge.gateway.demo.DemoMcpServer;
import dev.mcpedge.policy.McpPolicyGatewayFilterFactory;
import dev.mcpedge.sessions.McpSessionGatewayFilterFactory;
import dev.mcpedge.web.McpTransportGatewayFilterFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.util.StringUtils;

/**
 * One route per configured MCP endpoint: POST, GET and DELETE on exactly that path, audited by
 * {@code McpAudit}, held to Streamable HTTP by {@code McpTransport}, authenticated by {@code McpAuth},
 * checked by {@code McpPolicy}, its session held to its identity by {@code McpSession}, forwarded to the backend's MCP endpoint with the identity headers.
 */
@Configuration(proxyBeanMethods = false)
class McpEdgeRoutes {

	@Bean
	RouteLocator mcpEndpointRoutes(RouteLocatorBuilder builder, McpEdgeProperties properties,
			McpAuditGatewayFilterFactory audit, McpTransportGatewayFilterFactory transport, McpAuthGatewayFilterFactory auth,
			McpPolicyGatewayFilterFactory policy, McpSessionGatewayFilterFactory session,
			ObjectProvider<DemoMcpServer> demo) {
		URI backend = backend(properties, demo);
		String backendPath = StringUtils.hasLength(backend.getRawPath()) ? backend.getRawPath() : "/";
		URI target = backend;
		RouteLocatorBuilder.Builder routes = builder.routes();
		for (Endpoint endpoint : properties.endpoints()) {
			routes.route("mcp-edge:" + endpoint.path(), r -> r.path(endpoint.path())
				.and()
				.method(HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE)
				.filters(f -> f.filter(audit.apply(c -> c.setEndpoint(endpoint.path())))
					.filter(transport.apply(new Object()))
					.filter(auth.apply(c -> c.setCredentials(endpoint.credentials()).setResourcePath(endpoint.path())))
					.filter(policy.apply(new Object()))
					.filter(session.apply(new Object()))
					.setPath(backendPath))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, properties.backend().responseTimeout().toMillis())
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) properties.backend().connectTimeout().toMillis())
				.uri(target));
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
