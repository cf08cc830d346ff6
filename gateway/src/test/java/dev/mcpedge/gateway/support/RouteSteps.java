package dev.mcpedge.gateway.support;

import java.util.List;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * What the gateway runs on its MCP routes ({@code mcp-edge:<path>}): each route's filters in the order
 * they run, and their names ({@code McpAuth}, ..., {@code BackendUrl}, or the gateway factory's own
 * name for a filter of Spring Cloud Gateway's).
 */
public final class RouteSteps {

	private RouteSteps() {
	}

	/** The MCP routes of {@code routes}. */
	public static List<Route> mcpRoutes(RouteLocator routes) {
		return routes.getRoutes().filter(route -> route.getId().startsWith("mcp-edge:")).collectList().block();
	}

	/** The filters of {@code route}, in the order they run. */
	public static List<GatewayFilter> inOrder(Route route) {
		return route.getFilters().stream().sorted(AnnotationAwareOrderComparator.INSTANCE).toList();
	}

	/** The names of the filters of {@code route}, in the order they run. */
	public static List<String> names(Route route) {
		return inOrder(route).stream().map(RouteSteps::name).toList();
	}

	/** The filter's name: the step's, or the gateway factory's for its own. */
	private static String name(GatewayFilter filter) {
		GatewayFilter delegate = filter instanceof OrderedGatewayFilter ordered ? ordered.getDelegate() : filter;
		String text = delegate.toString();
		return text.startsWith("[") ? text.substring(1).split(" ")[0] : text.split("\\[")[0];
	}
}
