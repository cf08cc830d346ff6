package dev.mcpedge.gateway;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend's circuit breaker: failing answers (503) or no answers in time (504) open it; while open,
 * callers get 503 with {@code Retry-After} at once and the backend sees nothing; after the wait one
 * probe goes through and a good answer closes it. The circuit's state is visible in Prometheus.
 */
@EdgeIntegrationTest(properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.rate-limits.enabled=false",
				"mcp-edge.admin.token=" + BackendCircuitBreakerIntegrationTests.ADMIN, "mcp-edge.backend.response-timeout=1s",
				"mcp-edge.backend.circuit-breaker.sliding-window-size=4",
				"mcp-edge.backend.circuit-breaker.minimum-number-of-calls=4",
				"mcp-edge.backend.circuit-breaker.failure-rate-threshold=50",
				"mcp-edge.backend.circuit-breaker.wait-duration-in-open-state=2s",
				"mcp-edge.backend.circuit-breaker.permitted-calls-in-half-open-state=1" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendCircuitBreakerIntegrationTests {

	static final String ADMIN = "breaker-admin-token-0123456789";

	@Autowired
	TestBackend backend;

	private static final String OK = """
			{"jsonrpc":"2.0","id":5,"result":{}}""";

	@LocalServerPort
	int port;

	private String key;

	@BeforeEach
	void newKey() {
		backend.resetAll();
		key = AdminClient.of(port, ADMIN).key("org_cb", "live");
	}

	private WebTestClient client() {
		return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(10)).build();
	}

	private EntityExchangeResult<String> call() {
		return McpClient.of(client()).bearer(key).send(McpJson.toolCall(5, "get_balance", "{}"))
			.expectBody(String.class).returnResult();
	}

	private String prometheus() {
		return client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
			.expectBody(String.class).returnResult().getResponseBody();
	}

	private void backendAnswers(int status, String body, int delayMillis) {
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(status).withFixedDelay(delayMillis)
			.withHeader("Content-Type", "application/json").withBody(body)));
	}

	private static void assertOpenedAndAnsweringAtOnce(EntityExchangeResult<String> refused) {
		assertThat(refused.getStatus().value()).isEqualTo(503);
		assertThat(Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 2L);
		assertThat(refused.getResponseBody()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":5,\"error\":{\"code\":-32000,"
				+ "\"message\":\"The MCP server is unavailable; try again shortly\"}}");
	}

	@Test
	@Order(1)
	void backendAnswering503ThenCircuitOpensProbesAfterTheWaitAndCloses() throws InterruptedException {
		backendAnswers(503, "{\"error\":\"overloaded\"}", 0);
		for (int i = 0; i < 4; i++) {
			assertThat(call().getStatus().value()).as("the backend's own 503 passes through").isEqualTo(503);
		}

		EntityExchangeResult<String> refused = call();
		assertOpenedAndAnsweringAtOnce(refused);
		backend.verify(4, postRequestedFor(urlEqualTo("/mcp")));
		assertThat(prometheus()).contains("resilience4j_circuitbreaker_state{name=\"backend\",state=\"open\"} 1.0");

		backendAnswers(200, OK, 0);
		Thread.sleep(Long.parseLong(refused.getResponseHeaders().getFirst("Retry-After")) * 1000 + 200);
		EntityExchangeResult<String> probe = call();
		assertThat(probe.getStatus().value()).as("half-open: one probe reaches the backend").isEqualTo(200);
		assertThat(probe.getResponseBody()).isEqualTo(OK);
		for (int i = 0; i < 3; i++) {
			assertThat(call().getStatus().value()).as("closed again").isEqualTo(200);
		}
		backend.verify(4 + 4, postRequestedFor(urlEqualTo("/mcp")));
		assertThat(prometheus()).contains("resilience4j_circuitbreaker_state{name=\"backend\",state=\"closed\"} 1.0");
	}

	@Test
	@Order(2)
	void backendNotAnsweringThenCircuitOpensAndCallersGet503WithoutWaitingForTheTimeout() {
		backendAnswers(200, OK, 3000); // beyond the 1 s response timeout
		int timeouts = 0;
		EntityExchangeResult<String> result;
		long start;
		do {
			start = System.nanoTime();
			result = call();
		}
		while (result.getStatus().value() == 504 && ++timeouts <= 4);
		// the window still holds successes of the first test: two timeouts in four calls may be enough
		assertThat(timeouts).as("calls that waited for the timeout before the circuit opened").isBetween(2, 4);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the 1 s response timeout")
			.isLessThan(Duration.ofMillis(500));
		assertOpenedAndAnsweringAtOnce(result);
		backend.verify(timeouts, postRequestedFor(urlEqualTo("/mcp")));
	}
}
