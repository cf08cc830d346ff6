package dev.mcpedge.pipeline;

import java.util.function.Function;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * Lets a step act on the SSE answers of its exchange ({@code text/event-stream}), which the gateway
 * writes with {@code writeAndFlushWith}; any other answer is written as it is. The one place the steps
 * that watch streams ({@code McpSseIdleTimeout}, {@code McpStreamEnd}) decorate the response.
 */
public final class SseResponses {

	private SseResponses() {
	}

	/** The exchange, with its SSE answers' bodies handed to {@code stream} to write. */
	public static ServerWebExchange decorate(ServerWebExchange exchange, StreamWriter stream) {
		ServerHttpResponseDecorator response = new ServerHttpResponseDecorator(exchange.getResponse()) {
			@Override
			public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
				MediaType type = getHeaders().getContentType();
				if (type == null || !type.isCompatibleWith(MediaType.TEXT_EVENT_STREAM)) {
					return super.writeAndFlushWith(body);
				}
				return stream.write(Flux.from(body), super::writeAndFlushWith);
			}
		};
		return exchange.mutate().response(response).build();
	}

	/** What a step does with an SSE answer's body. */
	@FunctionalInterface
	public interface StreamWriter {

		/**
		 * Writes {@code body}, changed as the step needs, with {@code writer}; called when the answer is
		 * written.
		 */
		Mono<Void> write(Flux<? extends Publisher<? extends DataBuffer>> body,
				Function<Publisher<? extends Publisher<? extends DataBuffer>>, Mono<Void>> writer);
	}
}
