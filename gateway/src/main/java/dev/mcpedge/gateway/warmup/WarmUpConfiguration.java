package dev.mcpedge.gateway.warmup;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.observation.ObservationPredicate;

import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.autoconfigure.McpEdgeRouteFilters;
import dev.mcpedge.auth.CredentialType;
import dev.mcpedge.errors.EdgeExchanges;
import dev.mcpedge.gateway.routes.BackendUrl;
import dev.mcpedge.keys.ApiKeyVerifier;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.NamedStep;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * The warm-up ({@link WarmUp}), when {@code mcp-edge.warm-up.duration} is more than zero: its route,
 * through the steps of an API-key endpoint to {@link WarmUpBackend}, and the predicate that leaves its
 * requests out of Spring Boot's HTTP server observations ({@code http.server.requests}).
 * <p>
 * The route differs from an endpoint's in what must not see warm-up traffic: the audit step only
 * claims the exchange for the edge's error handler and writes no record or metric, and the sandbox
 * switch (which would send the warm-up's test keys to {@code backend.test-url}) and the circuit
 * breaker (whose window would count the warm-up's answers as the backend's) are left out. It comes
 * after the endpoints' routes, so a client request never reaches its predicates.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(WarmUpConfiguration.WarmUpOn.class)
class WarmUpConfiguration {

	@Bean
	WarmUpRoute warmUpRoute(Environment environment) {
		return new WarmUpRoute(WarmUp.boundAddress(environment));
	}

	@Bean
	WarmUpBackend warmUpBackend() {
		return new WarmUpBackend();
	}

	@Bean
	WarmUp warmUp(McpEdgeProperties properties, ApiKeyVerifier verifier, ApplicationContext context,
			Environment environment, WarmUpRoute route, WarmUpBackend backend) {
		return new WarmUp(properties.warmUp(), verifier, Clock.systemUTC(), context, environment, route, backend);
	}

	@Bean
	RouteLocator warmUpRouteLocator(RouteLocatorBuilder builder, McpEdgeProperties properties,
			McpEdgeRouteFilters steps, WarmUpRoute route, WarmUpBackend backend) {
		EndpointProperties endpoint = new EndpointProperties(route.path(), List.of(CredentialType.API_KEY));
		List<GatewayFilter> filters = steps.of(endpoint)
			.stream()
			.filter(filter -> order(filter) != FilterOrder.SANDBOX && order(filter) != FilterOrder.CIRCUIT_BREAKER)
			.map(filter -> order(filter) == FilterOrder.AUDIT ? unrecorded() : filter)
			.toList();
		return builder.routes()
			.route("mcp-edge:warm-up", r -> r.order(Ordered.LOWEST_PRECEDENCE)
				.path(route.path())
				.and()
				.method(HttpMethod.POST)
				.and()
				.predicate(exchange -> route.admits(exchange.getRequest()))
				.filters(f -> f.filters(filters).filter(new BackendUrl(backend.uri())))
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, properties.backend().responseTimeout().toMillis())
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) properties.backend().connectTimeout().toMillis())
				.uri(backend.uri()))
			.build();
	}

	@Bean
	ObservationPredicate warmUpUnobserved(WarmUpRoute route) {
		return (name, context) -> !(context instanceof ServerRequestObservationContext request
				&& route.carries(request.getCarrier()));
	}

	private static int order(GatewayFilter filter) {
		return filter instanceof Ordered ordered ? ordered.getOrder() : Ordered.LOWEST_PRECEDENCE;
	}

	/** In place of the audit step: claims the exchange for the edge's error handler, records nothing. */
	private static GatewayFilter unrecorded() {
		return NamedStep.of("McpAudit[warm-up, unrecorded]", FilterOrder.AUDIT, (exchange, chain) -> {
			EdgeExchanges.claim(exchange);
			return chain.filter(exchange);
		});
	}

	/** On when {@code mcp-edge.warm-up.duration} is set to more than zero. */
	static class WarmUpOn extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean on = Binder.get(context.getEnvironment())
				.bind("mcp-edge.warm-up.duration", Duration.class)
				.map(duration -> !duration.isZero() && !duration.isNegative())
				.orElse(false);
			return on ? ConditionOutcome.match("mcp-edge.warm-up.duration is set")
					: ConditionOutcome.noMatch("mcp-edge.warm-up.duration is not set");
		}
	}
}
