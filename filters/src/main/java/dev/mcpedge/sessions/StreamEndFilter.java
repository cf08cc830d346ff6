package dev.mcpedge.sessions;

import java.time.Instant;

import reactor.core.publisher.Mono;

import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.oauth.TokenCheck;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.OrderedStep;
import dev.mcpedge.pipeline.SseResponses;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Registers every SSE response sent to an authenticated caller (GET streams and POST answers alike) in
 * {@link OpenStreams}, and ends it when told to: the client sees the stream end normally, and the
 * backend's response is cancelled, which closes its connection. Streams of a credential with an expiry
 * (an API key's {@code expiresAt}, an access token's {@code exp}) end then. A filter of the MCP routes
 * ({@code McpStreamEnd}, {@link FilterOrder#STREAM_END}), after authentication and right inside the
 * filter that writes the backend's response, which calls the decorator.
 */
public final class StreamEndFilter extends OrderedStep {

	private final OpenStreams streams;

	public StreamEndFilter(OpenStreams streams) {
		super("McpStreamEnd", FilterOrder.STREAM_END);
		this.streams = streams;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		if (identity == null) {
			return chain.filter(exchange);
		}
		return chain.filter(SseResponses.decorate(exchange, (body, write) -> Mono.defer(() -> {
			OpenStreams.Stream stream = streams.open(identity, expiresAt(exchange));
			return write.apply(body.takeUntilOther(stream.ended())).doFinally(signal -> streams.closed(stream));
		})));
	}

	private static @Nullable Instant expiresAt(ServerWebExchange exchange) {
		ApiKeyRecord key = exchange.getAttribute(ApiKeyRecord.ATTRIBUTE);
		if (key != null) {
			return key.expiresAt();
		}
		TokenCheck.Valid token = exchange.getAttribute(TokenCheck.Valid.ATTRIBUTE);
		return token != null ? token.expiresAt() : null;
	}
}
