package dev.mcpedge.pipeline;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.web.server.ServerWebExchange;

/**
 * The factory of a step of the MCP routes that takes no per-route settings: every route gets the same
 * {@link NamedStep}, under the factory's name and at its place in {@link FilterOrder}. A subclass writes
 * only what the step does, in {@link #filter}.
 */
public abstract class StepFactory extends AbstractGatewayFilterFactory<Object> {

	private final String name;

	private final int order;

	protected StepFactory(String name, int order) {
		super(Object.class);
		this.name = name;
		this.order = order;
	}

	@Override
	public final GatewayFilter apply(Object config) {
		return NamedStep.of(name, order, this::filter);
	}

	/** What the step does with each exchange of its route. */
	protected abstract Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain);

	@Override
	public final String toString() {
		return name;
	}
}
