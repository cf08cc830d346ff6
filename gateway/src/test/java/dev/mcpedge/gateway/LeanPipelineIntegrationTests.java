package dev.mcpedge.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request runs exactly these filters besides its route's own (which
 * {@link RoutePipelineIntegrationTests} lists): the web filters, the gateway's global filters and the
 * request and response header filters. A filter that a dependency or a new Spring Cloud Gateway version
 * adds to every request, or a switch in {@code application.yml} that stops working, fails here rather
 * than showing up as a slower gateway in a load test.
 */
class LeanPipelineIntegrationTests extends GatewayTestSupport {

	@Autowired
	private List<WebFilter> webFilters;

	@Autowired
	private List<GlobalFilter> globalFilters;

	@Autowired
	private List<HttpHeadersFilter> headersFilters;

	@Test
	void webFiltersWhenTheGatewayRunsThenOnlyTheEdgesOwn() {
		assertThat(webFilters).map(filter -> filter.getClass().getSimpleName())
			.containsExactlyInAnyOrder("RequestIdWebFilter", "PathFirewallWebFilter", "DrainingConnectionClose");
	}

	@Test
	void globalFiltersWhenTheGatewayRunsThenOnlyTheRoutingToAUrlAndTheShutdownCutoff() {
		assertThat(globalFilters).map(filter -> filter.getClass().getSimpleName())
			.containsExactlyInAnyOrder("RouteToRequestUrlFilter", "NettyRoutingFilter", "NettyWriteResponseFilter",
					"UnansweredRequestCutoff");
	}

	@Test
	void headersFiltersWhenTheGatewayRunsThenNoGrpcFilters() {
		assertThat(headersFilters).map(filter -> filter.getClass().getSimpleName())
			.containsExactlyInAnyOrder("RemoveHopByHopHeadersFilter", "TransferEncodingNormalizationHeadersFilter",
					"RemoveForwardedHeadersFilter", "RemoveXForwardedHeadersFilter", "IdentityHeaders");
	}
}
