package dev.mcpedge.pipeline;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.web.server.ServerWebExchange;

/**
 * A step of an MCP route: a filter with its place in {@link FilterOrder} and the name the route's
 * filter list shows for it (the gateway prints a filter by its {@code toString()}, and unwraps an
 * {@link OrderedGatewayFilter} to its delegate).
 */
public final class NamedStep implements GatewayFilter {

	private final String name;

	private final GatewayFilter filter;

	private NamedStep(String name, GatewayFilter filter) {
		this.name = name;
		this.filter = filter;
	}

	/** The step {@code name} at {@code order}, doing what {@code filter} does. */
	public static GatewayFilter of(String name, int order, GatewayFilter filter) {
		return new OrderedGatewayFilter(new NamedStep(name, filter), order);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return filter.filter(exchange, chain);
	}

	@Override
	public String toString() {
		return name;
	}
}
