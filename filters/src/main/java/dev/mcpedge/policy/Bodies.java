package dev.mcpedge.policy;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/** Pooled buffers turned into plain bytes at once, so none is held longer than it takes to copy. */
final class Bodies {

	private Bodies() {
	}

	/**
	 * The body as bytes, or empty when it is longer than {@code limit}. An oversized body is still
	 * read (and dropped) to its end, up to 16 times the limit, so that the answer does not race the
	 * client's upload; beyond that the read fails with {@link DataBufferLimitException}.
	 */
	static Mono<Optional<byte[]>> readAtMost(Flux<DataBuffer> body, int limit) {
		long drainLimit = (long) limit * 16;
		return body.collect(Accumulator::new, (accumulator, buffer) -> {
			try {
				accumulator.add(buffer, limit, drainLimit);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).map(Accumulator::result);
	}

	private static final class Accumulator {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private long seen;

		void add(DataBuffer buffer, int limit, long drainLimit) {
			int size = buffer.readableByteCount();
			seen += size;
			if (seen > drainLimit) {
				throw new DataBufferLimitException("body longer than " + drainLimit + " bytes");
			}
			if (seen <= limit) {
				byte[] chunk = new byte[size];
				buffer.read(chunk);
				bytes.writeBytes(chunk);
			}
		}

		Optional<byte[]> result() {
			return bytes.size() == seen ? Optional.of(bytes.toByteArray()) : Optional.empty();
		}
	}

	static byte[] copyAndRelease(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/**
	 * The exchange's request with {@code body} in place of the one read: its length set, and
	 * {@code header} (a {@code Mcp-Param-*} that agrees with the body as forwarded) when not
	 * {@code null}. The bytes are wrapped, not copied.
	 */
	static ServerHttpRequest withBody(ServerWebExchange exchange, byte[] body, Map.@Nullable Entry<String, String> header) {
		ServerHttpRequest withHeaders = exchange.getRequest().mutate().headers(headers -> {
			headers.setContentLength(body.length);
			headers.remove(HttpHeaders.TRANSFER_ENCODING);
			if (header != null) {
				headers.set(header.getKey(), header.getValue());
			}
		}).build();
		return new ServerHttpRequestDecorator(withHeaders) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
			}
		};
	}
}
