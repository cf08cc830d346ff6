package dev.mcpedge.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.McpEdgeRouteFilters;
import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.RouteSteps;
import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route of an MCP endpoint runs the whole request path: every step of the edge
 * ({@link McpEdgeRouteFilters}, listed in the order it runs), in {@link FilterOrder}'s order, with the
 * gateway's own filters in their places; and none of the library's filters is global.
 */
class RoutePipelineIntegrationTests extends GatewayTestSupport {

	@Autowired
	private RouteLocator routes;

	@Autowired
	private List<GlobalFilter> globalFilters;

	@Autowired
	private McpEdgeRouteFilters steps;

	@Autowired
	private McpEdgeProperties properties;

	@Test
	void routeWhenBuiltThenRunsEveryStepInTheTablesOrder() {
		List<Route> mcp = RouteSteps.mcpRoutes(routes);
		assertThat(mcp).hasSameSizeAs(properties.endpoints());
		for (Route route : mcp) {
			assertThat(RouteSteps.names(route)).as(route.getId())
				.containsExactly("McpAudit", "McpTransport", "McpAuth", "McpPolicy", "McpRateLimit", "McpToolList", "McpSession",
						"McpSseIdleTimeout", "McpStreamEnd", "BackendUrl", "McpCircuitBreaker");
			assertThat(RouteSteps.inOrder(route).stream().map(filter -> ((Ordered) filter).getOrder())).as(route.getId())
				.containsExactly(FilterOrder.AUDIT, FilterOrder.TRANSPORT, FilterOrder.AUTH, FilterOrder.POLICY,
						FilterOrder.RATE_LIMIT, FilterOrder.TOOL_LIST, FilterOrder.SESSION, FilterOrder.SSE_IDLE_TIMEOUT,
						FilterOrder.STREAM_END, FilterOrder.BACKEND_URL, FilterOrder.CIRCUIT_BREAKER)
				.doesNotHaveDuplicates();
		}
	}

	@Test
	void routeFiltersWhenListedThenInTheOrderTheyRun() {
		for (EndpointProperties endpoint : properties.endpoints()) {
			assertThat(steps.of(endpoint).stream().map(filter -> ((Ordered) filter).getOrder())).isSorted();
		}
	}

	@Test
	void globalFiltersWhenTheEdgeRunsThenNoneOfTheLibrarysOwn() {
		assertThat(globalFilters).map(filter -> filter.getClass().getName())
			.noneMatch(name -> name.startsWith("dev.mcpedge.") && !name.startsWith("dev.mcpedge.gateway."));
	}
}
