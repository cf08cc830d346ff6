package dev.mcpedge.pipeline;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.core.Ordered;

/**
 * A step of an MCP route written as a class of its own (a bean the route's filter list takes as it
 * is): its place in {@link FilterOrder} and the name the route's filter list shows for it (the gateway
 * prints a filter by its {@code toString()}). A subclass writes only what the step does.
 */
public abstract class OrderedStep implements GatewayFilter, Ordered {

	private final String name;

	private final int order;

	protected OrderedStep(String name, int order) {
		this.name = name;
		this.order = order;
	}

	@Override
	public final int getOrder() {
		return order;
	}

	@Override
	public final String toString() {
		return name;
	}
}
