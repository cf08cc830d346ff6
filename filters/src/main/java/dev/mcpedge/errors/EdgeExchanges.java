package dev.mcpedge.errors;

import org.springframework.web.server.ServerWebExchange;

/**
 * Which exchanges are the edge's own: the first step of an MCP route claims its exchange, so that the
 * edge's exception handler ({@link EdgeErrorWebExceptionHandler#forEdgeExchanges}) answers the errors
 * of the edge's routes and leaves every other error of a host application to the host's handlers.
 */
public final class EdgeExchanges {

	private static final String ATTRIBUTE = EdgeExchanges.class.getName();

	private EdgeExchanges() {
	}

	/** Marks the exchange as one the edge serves. */
	public static void claim(ServerWebExchange exchange) {
		exchange.getAttributes().put(ATTRIBUTE, Boolean.TRUE);
	}

	/** Whether a step of the edge claimed the exchange. */
	public static boolean claimed(ServerWebExchange exchange) {
		return Boolean.TRUE.equals(exchange.getAttribute(ATTRIBUTE));
	}
}
