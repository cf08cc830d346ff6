package dev.mcpedge.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.OrderedGatewayFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route of an MCP endpoint shows the whole request path: every step of the edge, listed in the
 * order it runs, that order being {@link FilterOrder}'s.
 */
class RoutePipelineIntegrationTests extends GatewayTestSupport {

	@Autowired
	private RouteLocator routes;

	@Autowired
	private List<GlobalFilter> globalFilters;

	@Test
	void routeWhenBuiltThenListsEveryStepInTheOrderTheyRun() {
		List<Route> mcp = routes.getRoutes().filter(route -> route.getId().startsWith("mcp-edge:")).collectList().block();
		assertThat(mcp).isNotEmpty();
		for (Route route : mcp) {
			List<GatewayFilter> filters = route.getFilters();
			assertThat(filters.stream().map(RoutePipelineIntegrationTests::name)).as(route.getId())
				.containsExactly("McpAudit", "McpTransport", "McpAuth", "McpPolicy", "McpRateLimit", "McpToolList", "McpSession",
						"McpSseIdleTimeout", "McpStreamEnd", "SetPath", "McpCircuitBreaker");
			assertThat(filters.stream().map(filter -> ((Ordered) filter).getOrder())).as(route.getId())
				.containsExactly(FilterOrder.AUDIT, FilterOrder.TRANSPORT, FilterOrder.AUTH, FilterOrder.POLICY,
						FilterOrder.RATE_LIMIT, FilterOrder.TOOL_LIST, FilterOrder.SESSION, FilterOrder.SSE_IDLE_TIMEOUT,
						FilterOrder.STREAM_END, 0, FilterOrder.CIRCUIT_BREAKER)
				.isSorted()
				.doesNotHaveDuplicates();
		}
	}

	@Test
	void globalFiltersWhenTheEdgeRunsThenNoneOfTheLibrarysOwn() {
		assertThat(globalFilters).map(filter -> filter.getClass().getName())
			.noneMatch(name -> name.startsWith("dev.mcpedge.") && !name.startsWith("dev.mcpedge.gateway."));
	}

	/** The filter's name: the step's, or the gateway factory's for its own. */
	private static String name(GatewayFilter filter) {
		GatewayFilter delegate = filter instanceof OrderedGatewayFilter ordered ? ordered.getDelegate() : filter;
		String text = delegate.toString();
		return text.startsWith("[") ? text.substring(1).split(" ")[0] : text.split("\\[")[0];
	}
}
