package dev.mcpedge.autoconfigure;

import java.util.ArrayList;
import java.util.List;

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
import org.springframework.lang.Nullable;

/**
 * Every step of the edge for one MCP route, in the order they run ({@code FilterOrder} has the
 * table): audit, transport, authentication, policy, rate limit, the {@code tools/list} rewrite,
 * session binding, the SSE idle timeout, the stream end, the sandbox switch and the circuit breaker.
 * An application adds them to each of its MCP routes ({@code f.filters(routeFilters.of(endpoint))});
 * the gateway sorts them among its own filters by their order. The sandbox switch is there only with
 * {@code mcp-edge.backend.test-url}, the circuit breaker only while
 * {@code mcp-edge.backend.circuit-breaker.enabled}.
 */
public final class McpEdgeRouteFilters {

	private final McpAuditGatewayFilterFactory audit;

	private final McpTransportGatewayFilterFactory transport;

	private final McpAuthGatewayFilterFactory auth;

	private final McpPolicyGatewayFilterFactory policy;

	private final McpRateLimitGatewayFilterFactory rateLimit;

	private final McpToolListGatewayFilterFactory toolList;

	private final McpSessionGatewayFilterFactory session;

	private final SseIdleTimeoutFilter sseIdleTimeout;

	private final StreamEndFilter streamEnd;

	@Nullable
	private final SandboxRoutingFilter sandbox;

	@Nullable
	private final BackendCircuitBreakerFilter circuitBreaker;

	McpEdgeRouteFilters(McpAuditGatewayFilterFactory audit, McpTransportGatewayFilterFactory transport,
			McpAuthGatewayFilterFactory auth, McpPolicyGatewayFilterFactory policy, McpRateLimitGatewayFilterFactory rateLimit,
			McpToolListGatewayFilterFactory toolList, McpSessionGatewayFilterFactory session, SseIdleTimeoutFilter sseIdleTimeout,
			StreamEndFilter streamEnd, @Nullable SandboxRoutingFilter sandbox, @Nullable BackendCircuitBreakerFilter circuitBreaker) {
		this.audit = audit;
		this.transport = transport;
		this.auth = auth;
		this.policy = policy;
		this.rateLimit = rateLimit;
		this.toolList = toolList;
		this.session = session;
		this.sseIdleTimeout = sseIdleTimeout;
		this.streamEnd = streamEnd;
		this.sandbox = sandbox;
		this.circuitBreaker = circuitBreaker;
	}

	/** The steps of the route serving {@code endpoint}, in the order they run. */
	public List<GatewayFilter> of(EndpointProperties endpoint) {
		List<GatewayFilter> steps = new ArrayList<>(11);
		steps.add(audit.apply(c -> c.setEndpoint(endpoint.path())));
		steps.add(transport.apply(new Object()));
		steps.add(auth.apply(c -> c.setCredentials(endpoint.credentials()).setResourcePath(endpoint.path())));
		steps.add(policy.apply(new Object()));
		steps.add(rateLimit.apply(new Object()));
		steps.add(toolList.apply(new Object()));
		steps.add(session.apply(new Object()));
		steps.add(sseIdleTimeout);
		steps.add(streamEnd);
		if (sandbox != null) {
			steps.add(sandbox);
		}
		if (circuitBreaker != null) {
			steps.add(circuitBreaker);
		}
		return List.copyOf(steps);
	}
}
