package dev.mcpedge.backend;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.OrderedStep;
import dev.mcpedge.pipeline.SseResponses;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

/**
 * Ends an SSE stream from the backend that has sent nothing for {@code mcp-edge.backend.sse-idle-timeout}:
 * the client sees the stream end normally (and reconnects if it wants), the backend connection is
 * closed. The response timeout does not apply to streams once their headers arrived; this does. A
 * filter of the MCP routes ({@code McpSseIdleTimeout}, {@link FilterOrder#SSE_IDLE_TIMEOUT}): inside the
 * filter that writes the backend's response, which calls the decorator.
 */
public final class SseIdleTimeoutFilter extends OrderedStep {

	private static final Log logger = LogFactory.getLog(SseIdleTimeoutFilter.class);

	private final Duration idleTimeout;

	public SseIdleTimeoutFilter(Duration idleTimeout) {
		super("McpSseIdleTimeout", FilterOrder.SSE_IDLE_TIMEOUT);
		this.idleTimeout = idleTimeout;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(SseResponses.decorate(exchange, (body, write) -> write.apply(body.timeout(idleTimeout,
				Flux.defer(() -> {
					logger.debug("SSE stream idle for " + idleTimeout + "; ending it " + exchange.getLogPrefix());
					return Flux.empty();
				})))));
	}
}
