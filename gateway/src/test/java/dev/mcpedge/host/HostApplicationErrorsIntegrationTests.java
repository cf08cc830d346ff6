package dev.mcpedge.host;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.McpEdgeRouteFilters;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.TestRedis;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

/**
 * The library in a host application of its own (not the gateway application): the edge's error
 * handler answers the errors of the edge's MCP route in JSON, and leaves the host's own errors to
 * Spring Boot's handler, whose answers the host keeps.
 */
class HostApplicationErrorsIntegrationTests {

	private static final int CLOSED_PORT = Ports.free();

	private static ConfigurableApplicationContext host;

	private static WebTestClient client;

	@BeforeAll
	static void startHost() {
		host = new SpringApplicationBuilder(HostApplication.class).web(WebApplicationType.REACTIVE).run("--server.port=0",
				"--spring.config.name=mcp-edge-host", "--spring.main.banner-mode=off",
				"--spring.data.redis.url=" + TestRedis.url(),
				"--mcp-edge.public-url=https://host.example.com",
				"--mcp-edge.backend.url=http://127.0.0.1:" + CLOSED_PORT + "/mcp",
				"--mcp-edge.endpoints[0].path=/api/mcp", "--mcp-edge.endpoints[0].credentials=api-key",
				"--logging.level.org.springframework.cloud.gateway.route.RouteDefinitionRouteLocator=warn");
		client = GatewayInstances.client(host);
	}

	@AfterAll
	static void stopHost() {
		host.close();
	}

	@Test
	void hostHandlerWhenItThrowsThenSpringBootsOwnErrorAnswer() {
		client.get().uri("/host/orders").exchange()
			.expectStatus().isEqualTo(409)
			.expectBody()
			.jsonPath("$.status").isEqualTo(409)
			.jsonPath("$.error").isEqualTo("Conflict")
			.jsonPath("$.path").isEqualTo("/host/orders")
			.jsonPath("$.timestamp").exists()
			.jsonPath("$.error_description").doesNotExist();
	}

	@Test
	void unknownPathWhenHostApplicationThenSpringBootsOwn404() {
		client.get().uri("/nothing/here").exchange()
			.expectStatus().isNotFound()
			.expectBody()
			.jsonPath("$.status").isEqualTo(404)
			.jsonPath("$.path").isEqualTo("/nothing/here")
			.jsonPath("$.timestamp").exists()
			.jsonPath("$.error_description").doesNotExist();
	}

	@Test
	void edgeRouteWhenBackendDownThenTheEdgesJsonError() {
		String key = host.getBean(ApiKeyAdministration.class)
			.create(new NewApiKey("host", "org_host", List.of(), List.of(), Mode.TEST, null, null, Map.of()))
			.block(Duration.ofSeconds(5))
			.secret();
		McpClient mcp = McpClient.of(client).bearer(key);
		mcp.ping()
			.expectStatus().isEqualTo(503)
			.expectHeader().valueEquals("Retry-After", "1")
			.expectHeader().contentType(MediaType.APPLICATION_JSON)
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32000,"
					+ "\"message\":\"The MCP server is unavailable; try again shortly\"}}", true);
	}

	/** A host with a handler of its own and one MCP route built from the edge's steps, as the README shows. */
	@SpringBootConfiguration
	// what a gateway's class path holds: not the Tomcat, Spring MVC and Spring Security the test class
	// path also has for the gateway's development identity provider
	@EnableAutoConfiguration(exclude = { TomcatReactiveWebServerAutoConfiguration.class, SecurityAutoConfiguration.class,
			ReactiveWebSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class,
			ReactiveManagementWebSecurityAutoConfiguration.class })
	static class HostApplication {

		@Bean
		RouterFunction<ServerResponse> hostOrders() {
			return RouterFunctions.route()
				.GET("/host/orders", request -> {
					throw new ResponseStatusException(HttpStatus.CONFLICT, "the host's own refusal");
				})
				.build();
		}

		@Bean
		RouteLocator hostMcpRoute(RouteLocatorBuilder routes, McpEdgeProperties properties, McpEdgeRouteFilters steps) {
			EndpointProperties endpoint = properties.endpoints().get(0);
			URI backend = properties.backend().url();
			return routes.routes()
				.route("host-mcp", r -> r.path(endpoint.path()).filters(f -> f.filters(steps.of(endpoint))).uri(backend))
				.build();
		}
	}
}
