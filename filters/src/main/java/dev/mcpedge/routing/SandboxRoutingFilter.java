package dev.mcpedge.routing;

import java.net.URI;

import reactor.core.publisher.Mono;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.OrderedStep;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

/**
 * Sends every request made with a test API key to the sandbox backend ({@code mcp-edge.backend.test-url})
 * instead of the live one, so test traffic never reaches live systems even if a backend ignored
 * {@code api_test_mode}. A filter of the MCP routes ({@code McpSandbox}), right after the gateway
 * computed the target URL ({@link FilterOrder#SANDBOX}).
 */
public final class SandboxRoutingFilter extends OrderedStep {

	/** Exchange attribute set to {@code true} when the request goes to the sandbox backend. */
	public static final String SANDBOXED_ATTRIBUTE = SandboxRoutingFilter.class.getName() + ".sandboxed";

	private final URI sandbox;

	public SandboxRoutingFilter(URI sandbox) {
		super("McpSandbox", FilterOrder.SANDBOX);
		this.sandbox = sandbox;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		URI target = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
		if (identity != null && target != null && sandboxed(identity)) {
			URI sandboxed = UriComponentsBuilder.fromUri(sandbox).replaceQuery(target.getRawQuery()).build(true).toUri();
			exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, sandboxed);
			exchange.getAttributes().put(SANDBOXED_ATTRIBUTE, true);
		}
		return chain.filter(exchange);
	}

	/** Whether this identity's requests go to the sandbox backend, when one is configured: test keys. */
	public static boolean sandboxed(EdgeIdentity identity) {
		return identity.authMethod() == AuthMethod.API_KEY && identity.mode() == Mode.TEST;
	}
}
