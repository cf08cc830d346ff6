package dev.mcpedge.gateway.routes;

import java.net.URI;

import reactor.core.publisher.Mono;

import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.OrderedStep;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * The URL an MCP route calls: the backend endpoint's URL, with the request's query. Spring Cloud
 * Gateway's {@code SetPath} did the same by building a copy of the request with the backend's path,
 * and its URL filter then built the URL from that copy again; this step sets the URL it calls once,
 * from a URL made at start (about 3 % of the CPU time of a request less). Runs right after the
 * gateway's URL filter, whose result it replaces, and before the sandbox switch, which keeps the query
 * it sets.
 */
public final class BackendUrl extends OrderedStep {

	private final String base;

	private final URI plain;

	/**
	 * @param backend the backend endpoint's URL; as before, only its scheme, host, port and path are
	 * used (no user info, query or fragment)
	 */
	public BackendUrl(URI backend) {
		super("BackendUrl", FilterOrder.BACKEND_URL);
		String path = backend.getRawPath() == null || backend.getRawPath().isEmpty() ? "/" : backend.getRawPath();
		this.base = backend.getScheme() + "://" + backend.getHost() + (backend.getPort() < 0 ? "" : ":" + backend.getPort())
				+ path;
		this.plain = URI.create(base);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String query = exchange.getRequest().getURI().getRawQuery();
		exchange.getAttributes()
			.put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, query == null ? plain : URI.create(base + "?" + query));
		return chain.filter(exchange);
	}
}
