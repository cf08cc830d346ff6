package dev.mcpedge.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import dev.mcpedge.audit.McpAuditGatewayFilterFactory;
import dev.mcpedge.auth.McpAuthGatewayFilterFactory;
import dev.mcpedge.backend.BackendCircuitBreakerFilter;
import dev.mcpedge.backend.SseIdleTimeoutFilter;
import dev.mcpedge.policy.McpPolicyGatewayFilterFactory;
import dev.mcpedge.policy.McpToolListGatewayFilterFactory;
import dev.mcpedge.ratelimit.McpRateLimitGatewayFilterFactory;
import dev.mcpedge.routing.SandboxRoutingFilter;
import dev.mcpedge.sessions.McpSessionGatewayFilterFactory;
import dev.mcpedge.sessions.StreamEndFilter;
import dev.mcpedge.web.McpTransportGatewayFilterFactory;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.support.NameUtils;
import org.jspecify.annotations.Nullable;

/**
 * Every step of the edge for one MCP route, in the order they run ({@code FilterOrder} has the
 * table): audit, transport, authentication, policy, rate limit, the {@code tools/list} rewrite,
 * session binding, the SSE idle timeout, the stream end, the sandbox switch and the circuit breaker.
 * An application adds them to each of its MCP routes ({@code f.filters(routeFilters.of(endpoint))});
 * the gateway sorts them among its own filters by their order.
 * <p>
 * Each step can be switched off as Spring Cloud Gateway's own filters can, with
 * {@code spring.cloud.gateway.server.webflux.filter.<step>.enabled=false} ({@code mcp-audit},
 * {@code mcp-auth}, ..., {@code mcp-circuit-breaker}), for applications that compose their own routes
 * from the steps. The routes built here never run without their security steps:
 * <ul>
 * <li><b>Security steps</b>: {@code McpAudit}, {@code McpTransport}, {@code McpAuth},
 * {@code McpPolicy}, {@code McpRateLimit}, {@code McpToolList}, {@code McpSession},
 * {@code McpStreamEnd}, and {@code McpSandbox} when {@code mcp-edge.backend.test-url} is set. With
 * one of them switched off, {@link #of} fails (and with it the start of an application that builds
 * its routes here), naming the setting. Rate limits and session binding have settings of their own
 * that turn them off on purpose, {@code mcp-edge.rate-limits.enabled} and
 * {@code mcp-edge.sessions.enabled}; their steps stay on the route and let requests through.</li>
 * <li><b>Optional steps</b>: {@code McpSseIdleTimeout} and {@code McpCircuitBreaker} protect the
 * edge's resources, not its callers' data; switched off, they are left out of the route. The
 * circuit breaker is also left out while {@code mcp-edge.backend.circuit-breaker.enabled} is
 * false.</li>
 * </ul>
 */
public final class McpEdgeRouteFilters {

	/** The prefix of the setting that switches a step off, as for Spring Cloud Gateway's own filters. */
	public static final String SWITCH_PREFIX = "spring.cloud.gateway.server.webflux.filter.";

	private final List<Step> steps;

	McpEdgeRouteFilters(@Nullable McpAuditGatewayFilterFactory audit, @Nullable McpTransportGatewayFilterFactory transport,
			@Nullable McpAuthGatewayFilterFactory auth, @Nullable McpPolicyGatewayFilterFactory policy,
			@Nullable McpRateLimitGatewayFilterFactory rateLimit, @Nullable McpToolListGatewayFilterFactory toolList,
			@Nullable McpSessionGatewayFilterFactory session, @Nullable SseIdleTimeoutFilter sseIdleTimeout,
			@Nullable StreamEndFilter streamEnd, @Nullable SandboxRoutingFilter sandbox, boolean sandboxConfigured,
			@Nullable BackendCircuitBreakerFilter circuitBreaker) {
		this.steps = List.of(
				Step.required("McpAudit", "it writes the audit record of every request", audit,
						(factory, endpoint) -> factory.apply(c -> c.setEndpoint(endpoint.path()))),
				Step.required("McpTransport", "it refuses what Streamable HTTP does not allow", transport,
						(factory, endpoint) -> factory.apply(new Object())),
				Step.required("McpAuth", "it authenticates every request", auth, (factory, endpoint) -> factory
					.apply(c -> c.setCredentials(endpoint.credentials()).setResourcePath(endpoint.path()))),
				Step.required("McpPolicy", "it decides what each request may do", policy,
						(factory, endpoint) -> factory.apply(new Object())),
				Step.required("McpRateLimit", "it limits each caller (mcp-edge.rate-limits.enabled=false turns "
						+ "the limits off)", rateLimit, (factory, endpoint) -> factory.apply(new Object())),
				Step.required("McpToolList", "it shows each caller only the tools it may call", toolList,
						(factory, endpoint) -> factory.apply(new Object())),
				Step.required("McpSession", "it holds each session to the identity that opened it "
						+ "(mcp-edge.sessions.enabled=false turns that off)", session,
						(factory, endpoint) -> factory.apply(new Object())),
				Step.optional("McpSseIdleTimeout", sseIdleTimeout),
				Step.required("McpStreamEnd", "it ends the streams of a revoked or expired credential", streamEnd,
						(filter, endpoint) -> filter),
				sandboxConfigured ? Step.required("McpSandbox", "it sends test keys to mcp-edge.backend.test-url only",
						sandbox, (filter, endpoint) -> filter) : Step.optional("McpSandbox", sandbox),
				Step.optional("McpCircuitBreaker", circuitBreaker));
	}

	/**
	 * The steps of the route serving {@code endpoint}, in the order they run, without the optional
	 * steps switched off.
	 *
	 * @throws IllegalStateException if a security step is switched off
	 */
	public List<GatewayFilter> of(EndpointProperties endpoint) {
		List<GatewayFilter> filters = new ArrayList<>(steps.size());
		for (Step step : steps) {
			if (step.filter() != null) {
				filters.add(step.filter().apply(endpoint));
			}
			else if (step.needed() != null) {
				throw new IllegalStateException(step.name() + " is switched off (" + switchOf(step.name())
						+ "=false), but the MCP routes of the edge never run without it: " + step.needed()
						+ ". Remove that setting, or compose your own routes without McpEdgeRouteFilters");
			}
		}
		return List.copyOf(filters);
	}

	/** The setting that switches the step {@code name} off, e.g. {@code ...filter.mcp-auth.enabled}. */
	public static String switchOf(String name) {
		return SWITCH_PREFIX + NameUtils.normalizeToCanonicalPropertyFormat(name) + ".enabled";
	}

	/**
	 * A step of the route: its filter for an endpoint, {@code null} when switched off; and why the
	 * route needs it, {@code null} for an optional step.
	 */
	private record Step(String name, @Nullable Function<EndpointProperties, GatewayFilter> filter,
			@Nullable String needed) {

		static <T> Step required(String name, String needed, @Nullable T bean,
				BiFunction<T, EndpointProperties, GatewayFilter> filter) {
			return new Step(name, bean == null ? null : endpoint -> filter.apply(bean, endpoint), needed);
		}

		static Step optional(String name, @Nullable GatewayFilter filter) {
			return new Step(name, filter == null ? null : endpoint -> filter, null);
		}
	}
}
