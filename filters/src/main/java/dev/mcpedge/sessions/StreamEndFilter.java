package dev.mcpedge.sessions;

import java.time.Instant;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.oauth.TokenCheck;
import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Registers every SSE response sent to an authenticated caller (GET streams and POST answers alike) in
 * {@link OpenStreams}, and ends it when told to: the client sees the stream end normally, and the
 * backend's response is cancelled, which closes its connection. Streams of a credential with an expiry
 * (an API key's {@code expiresAt}, an access token's {@code exp}) end then. A filter of the MCP routes
 * ({@code McpStreamEnd}, {@link FilterOrder#STREAM_END}), after authentication.
 */
public final class StreamEndFilter implements GatewayFilter, Ordered {

	private final OpenStreams streams;

	public StreamEndFilter(OpenStreams streams) {
		this.streams = streams;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		if (identity == null) {
			return chain.filter(exchange);
		}
		ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {
			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				MediaType type = getHeaders().getContentType();
				if (type == null || !type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
					return super.writeAndFlushWith(body);
				}
				return Mono.defer(() -> {
					OpenStreams.Stream stream = streams.open(identity, expiresAt(exchange));
					return super.writeAndFlushWith(Flux.from(body).takeUntilOther(stream.ended()))
						.doFinally(signal -> streams.closed(stream));
				});
			}
		};
		return chain.filter(exchange.mutate().response(response).build());
	}

	private static @Nullable Instant expiresAt(ServerWebExchange exchange) {
		ApiKeyRecord key = exchange.getAttribute(ApiKeyRecord.ATTRIBUTE);
		if (key != null) {
			return key.expiresAt();
		}
		TokenCheck.Valid token = exchange.getAttribute(TokenCheck.Valid.ATTRIBUTE);
		return token != null ? token.expiresAt() : null;
	}

	/** Right inside the filter that writes the backend's response, which calls the decorator. */
	@Override
	public int getOrder() {
		return FilterOrder.STREAM_END;
	}

	@Override
	public String toString() {
		return "McpStreamEnd";
	}
}
