package dev.mcpedge.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.RawHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.handler.RoutePredicateHandlerMapping;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.function.server.support.RouterFunctionMapping;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request runs exactly these filters besides its route's own (which
 * {@link RoutePipelineIntegrationTests} lists): the web filters, the gateway's global filters and the
 * request and response header filters; and the gateway's routes are the first handlers it looks up. A filter that a dependency or a new Spring Cloud Gateway version
 * adds to every request, or a switch in {@code application.yml} that stops working, fails here rather
 * than showing up as a slower gateway in a load test. And the body the policy read is forwarded as it
 * came when nothing in it changes, whether it came in one piece or in chunks.
 */
class LeanPipelineIntegrationTests extends GatewayTestSupport {

	@Autowired
	private List<WebFilter> webFilters;

	@Autowired
	private List<GlobalFilter> globalFilters;

	@Autowired
	private List<HttpHeadersFilter> headersFilters;

	@Autowired
	private GatewayProperties gateway;

	@Autowired
	private List<HandlerMapping> handlerMappings;

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
	void handlerMappingsWhenARequestArrivesThenTheRoutesAreLookedUpBeforeTheApplicationsHandlers() {
		int routes = handlerMappings.stream().filter(RoutePredicateHandlerMapping.class::isInstance)
			.mapToInt(mapping -> ((Ordered) mapping).getOrder()).findFirst().orElseThrow();
		assertThat(handlerMappings)
			.as("the application's controllers and router functions (the actuator's endpoints come first, as before)")
			.filteredOn(mapping -> mapping.getClass() == RequestMappingHandlerMapping.class
					|| mapping.getClass() == RouterFunctionMapping.class)
			.isNotEmpty()
			.allSatisfy(mapping -> assertThat(((Ordered) mapping).getOrder()).isGreaterThan(routes));
	}

	@Test
	void filtersOfARouteWhenCombinedThenSortedOnceNotPerRequest() {
		assertThat(gateway.isRouteFilterCacheEnabled()).isTrue();
	}

	@Test
	void headersFiltersWhenTheGatewayRunsThenOneCopyAndNoGrpcFilters() {
		assertThat(headersFilters).map(filter -> filter.getClass().getSimpleName())
			.containsExactly("TransferEncodingNormalizationHeadersFilter", "ProxyHeaders", "ProxyHeaders",
					"IdentityHeaders");
	}

	@BeforeEach
	void backendAnswers() {
		backend.answersEmptyResult();
	}

	@Test
	void bodyWhenUnchangedThenBackendGetsTheSameBytesAndLength() throws Exception {
		RawHttp.Response response = RawHttp.exchange(port, "POST", "/api/mcp", jsonWithBearer(testKey()), McpJson.PING);

		assertThat(response.status()).isEqualTo(200);
		LoggedRequest request = backend.onlyRequest();
		assertThat(request.getBodyAsString()).isEqualTo(McpJson.PING);
		assertThat(request.getHeader("Content-Length")).isEqualTo(Integer.toString(utf8Length(McpJson.PING)));
	}

	@Test
	void bodyWhenChunkedThenBackendGetsItWholeWithItsLength() throws Exception {
		Map<String, String> headers = jsonWithBearer(testKey());
		headers.put("Transfer-Encoding", "chunked");
		String first = McpJson.PING.substring(0, 10);
		String rest = McpJson.PING.substring(10);
		String chunks = Integer.toHexString(utf8Length(first)) + "\r\n" + first + "\r\n" + Integer.toHexString(utf8Length(rest))
				+ "\r\n" + rest + "\r\n0\r\n\r\n";

		RawHttp.Response response = RawHttp.exchangeFramed(port, "POST", "/api/mcp", headers, chunks);

		assertThat(response.status()).isEqualTo(200);
		LoggedRequest request = backend.onlyRequest();
		assertThat(request.getBodyAsString()).isEqualTo(McpJson.PING);
		assertThat(request.getHeader("Content-Length")).isEqualTo(Integer.toString(utf8Length(McpJson.PING)));
		assertThat(request.containsHeader("Transfer-Encoding")).isFalse();
	}

	private String testKey() {
		return (String) createKey(Map.of("organizationId", "org_lean", "mode", "test")).get("key");
	}

	private static Map<String, String> jsonWithBearer(String key) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + key);
		headers.put("Content-Type", "application/json");
		return headers;
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}
}
