package dev.mcpedge.gateway;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;

import org.springframework.http.MediaType;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** What an operator sees: Prometheus metrics of decisions, caches, circuit and latency; header limits. */
class OperationsIntegrationTests extends GatewayTestSupport {

	private static final String CALL = """
			{"jsonrpc":"2.0","id":3,"method":"tools/call",\
			"params":{"name":"get_balance","arguments":{}}}""";

	private String prometheus() {
		return client.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	/** The value of the sample whose line starts with {@code series}, 0 when there is none yet. */
	private static double sample(String scrape, String series) {
		Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
		return m.find() ? Double.parseDouble(m.group(1)) : 0;
	}

	@Test
	void requestsThenPrometheusCountsDecisionsCacheHitsAndLatencyAndShowsTheCircuit() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}")));
		String key = (String) createKey("org_metrics", "test", List.of()).get("key");
		String allowed = "mcp_edge_requests_seconds_count{auth=\"api_key\",decision=\"allowed\",endpoint=\"/api/mcp\","
				+ "method=\"tools/call\",mode=\"test\",status=\"200\"}";
		String unauthorized = "mcp_edge_requests_seconds_count{auth=\"none\",decision=\"refused\",endpoint=\"/api/mcp\","
				+ "method=\"POST\",mode=\"none\",status=\"401\"}";
		String hits = "mcp_edge_cache_gets_total{cache=\"api-keys\",result=\"hit\"}";
		String misses = "mcp_edge_cache_gets_total{cache=\"api-keys\",result=\"miss\"}";
		String before = prometheus();

		for (int i = 0; i < 3; i++) {
			client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON)
				.bodyValue(CALL).exchange().expectStatus().isOk();
		}
		client.post().uri("/api/mcp").contentType(MediaType.APPLICATION_JSON).bodyValue(CALL)
			.exchange().expectStatus().isUnauthorized();

		String after = prometheus();
		assertThat(sample(after, allowed) - sample(before, allowed)).isEqualTo(3);
		assertThat(sample(after, unauthorized) - sample(before, unauthorized)).isEqualTo(1);
		assertThat(sample(after, misses) - sample(before, misses)).as("first use asks Redis").isEqualTo(1);
		assertThat(sample(after, hits) - sample(before, hits)).as("then memory").isEqualTo(2);
		assertThat(after).as("latency histogram for percentiles")
			.contains("mcp_edge_requests_seconds_bucket{auth=\"api_key\",decision=\"allowed\",endpoint=\"/api/mcp\","
					+ "method=\"tools/call\",mode=\"test\",status=\"200\",le=\"0.001\"}")
			.contains("resilience4j_circuitbreaker_state{name=\"backend\",state=\"closed\"} 1.0")
			.contains("http_server_requests_seconds_count{")
			.doesNotContain("http_server_requests_active")
			.doesNotContain(key).doesNotContain("org_metrics");
	}

	@Test
	void requestHeadersUpTo16KbThenForwardedAndLargerThen431() {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(202)));
		String key = (String) createKey("org_headers", "test", List.of()).get("key");
		String twelveKb = "x".repeat(12 * 1024);
		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).header("X-Large", twelveKb)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(CALL)
			.exchange().expectStatus().isAccepted();
		backend.verify(1, postRequestedFor(urlEqualTo("/mcp")).withHeader("X-Large", matching("x{12288}")));

		client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).header("X-Large", "x".repeat(20 * 1024))
			.contentType(MediaType.APPLICATION_JSON).bodyValue(CALL)
			.exchange().expectStatus().isEqualTo(431);
		backend.verify(1, postRequestedFor(urlEqualTo("/mcp")));
	}
}
