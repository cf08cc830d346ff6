package dev.mcpedge.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mcpedge.autoconfigure.McpEdgeRouteFilters;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.RouteSteps;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Each step of the edge can be switched off as Spring Cloud Gateway's own filters can
 * ({@code spring.cloud.gateway.server.webflux.filter.<step>.enabled=false}); the edge's own MCP routes
 * leave out an optional step switched off, and refuse to start without a security step
 * ({@link McpEdgeRouteFilters}).
 */
class RouteStepSwitchIntegrationTests {

	private static final String TOKEN = "step-switch-admin-token-0123456789";

	/** A start meant to fail: the test reads the failure, so the log need not print its stack trace. */
	private static final String QUIET_FAILURE = "--logging.level.org.springframework.boot.SpringApplication=off";

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static final TestBackend backend = gateways.backend();

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void optionalStepsWhenSwitchedOffThenLeftOutAndTheRouteStillAuthenticates() {
		ConfigurableApplicationContext gateway = gateways.start(off("McpCircuitBreaker"), off("McpSseIdleTimeout"));
		for (var route : RouteSteps.mcpRoutes(gateway.getBean(RouteLocator.class))) {
			assertThat(RouteSteps.names(route)).as(route.getId())
				.containsExactly("McpAudit", "McpTransport", "McpAuth", "McpPolicy", "McpRateLimit", "McpToolList", "McpSession",
						"McpStreamEnd", "BackendUrl");
		}
		assertThat(GatewayInstances.mcp(gateway).pingStatus()).as("no credential").isEqualTo(401);
		backend.resetRequests();
		String key = gateways.admin(gateway).key("org_switch", "live");
		assertThat(GatewayInstances.mcp(gateway).bearer(key).pingStatus()).isEqualTo(200);
		backend.verify(1, postRequestedFor(urlEqualTo("/mcp")));
	}

	@ParameterizedTest
	@ValueSource(strings = { "McpAudit", "McpTransport", "McpAuth", "McpPolicy", "McpRateLimit", "McpToolList", "McpSession",
			"McpStreamEnd" })
	void securityStepWhenSwitchedOffThenStartFailsNamingTheSetting(String step) {
		assertThatException().isThrownBy(() -> gateways.start(off(step), QUIET_FAILURE))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageStartingWith(step + " is switched off (" + McpEdgeRouteFilters.switchOf(step)
					+ "=false), but the MCP routes of the edge never run without it");
	}

	@Test
	void sandboxSwitchWhenOffWhileTestUrlSetThenStartFailsNamingTheSetting() {
		assertThatException()
			.isThrownBy(() -> gateways.start("--mcp-edge.backend.test-url=" + backend.mcpUrl(), off("McpSandbox"),
					QUIET_FAILURE))
			.havingRootCause()
			.withMessageContaining("spring.cloud.gateway.server.webflux.filter.mcp-sandbox.enabled=false")
			.withMessageContaining("it sends test keys to mcp-edge.backend.test-url only");
	}

	/** The argument that switches {@code step} off. */
	private static String off(String step) {
		return "--" + McpEdgeRouteFilters.switchOf(step) + "=false";
	}
}
