package dev.mcpedge.pipeline;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** The order table: the steps run in the documented order, and the gateway's own filters sit where it says. */
class FilterOrderTests {

	@Test
	void gatewayFiltersWhenSortedThenInTheTablesOrderWithTheGatewaysOwnInTheirPlaces() {
		assertThat(new int[] { FilterOrder.AUDIT, FilterOrder.TRANSPORT, FilterOrder.AUTH, FilterOrder.POLICY,
				FilterOrder.RATE_LIMIT, FilterOrder.TOOL_LIST, FilterOrder.SESSION, FilterOrder.SSE_IDLE_TIMEOUT,
				FilterOrder.STREAM_END, NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER,
				RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER, FilterOrder.BACKEND_URL, FilterOrder.SANDBOX, FilterOrder.UNANSWERED_REQUEST_CUTOFF,
				FilterOrder.CIRCUIT_BREAKER, new NettyRoutingFilter(null, null, null).getOrder() })
			.isSorted()
			.doesNotHaveDuplicates();
	}

	@Test
	void webFiltersWhenSortedThenRequestIdFirst() {
		assertThat(new int[] { FilterOrder.REQUEST_ID, FilterOrder.PATH_FIREWALL, FilterOrder.DRAINING_CONNECTION_CLOSE })
			.isSorted()
			.doesNotHaveDuplicates();
	}
}
