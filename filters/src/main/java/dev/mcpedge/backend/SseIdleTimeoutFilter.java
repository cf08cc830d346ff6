package dev.mcpedge.backend;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Ends an SSE stream from the backend that has sent nothing for {@code mcp-edge.backend.sse-idle-timeout}:
 * the client sees the stream end normally (and reconnects if it wants), the backend connection is
 * closed. The response timeout does not apply to streams once their headers arrived; this does. A
 * filter of the MCP routes ({@code McpSseIdleTimeout}, {@link FilterOrder#SSE_IDLE_TIMEOUT}).
 */
public final class SseIdleTimeoutFilter implements GatewayFilter, Ordered {

	private static final Log logger = LogFactory.getLog(SseIdleTimeoutFilter.class);

	private final Duration idleTimeout;

	public SseIdleTimeoutFilter(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {
			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				MediaType type = getHeaders().getContentType();
				if (type == null || !type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
					return super.writeAndFlushWith(body);
				}
				return super.writeAndFlushWith(Flux.from(body).timeout(idleTimeout, Flux.defer(() -> {
					logger.debug("SSE stream idle for " + idleTimeout + "; ending it " + exchange.getLogPrefix());
					return Flux.empty();
				})));
			}
		};
		return chain.filter(exchange.mutate().response(response).build());
	}

	/** Inside the filter that writes the backend's response, which calls the decorator. */
	@Override
	public int getOrder() {
		return FilterOrder.SSE_IDLE_TIMEOUT;
	}

	@Override
	public String toString() {
		return "McpSseIdleTimeout";
	}
}
