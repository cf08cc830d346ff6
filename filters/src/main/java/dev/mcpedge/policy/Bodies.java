package dev.mcpedge.policy;

import java.util.Arrays;
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
	 * client's upload; beyond that the read fails with {@link DataBufferLimitException}. Each buffer is
	 * copied once, into an array of {@code expectedLength} bytes when that is known (the request's
	 * {@code Content-Length}, negative when unknown), so a body of the announced length is not copied
	 * again.
	 */
	static Mono<Optional<byte[]>> readAtMost(Flux<DataBuffer> body, int limit, long expectedLength) {
		long drainLimit = (long) limit * 16;
		int capacity = expectedLength >= 0 && expectedLength <= limit ? (int) expectedLength : 256;
		return body.collect(() -> new Accumulator(capacity), (accumulator, buffer) -> {
			try {
				accumulator.add(buffer, limit, drainLimit);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).map(Accumulator::result);
	}

	private static final class Accumulator {

		private byte[] bytes;

		private int length;

		private long seen;

		Accumulator(int capacity) {
			this.bytes = new byte[capacity];
		}

		void add(DataBuffer buffer, int limit, long drainLimit) {
			int size = buffer.readableByteCount();
			seen += size;
			if (seen > drainLimit) {
				throw new DataBufferLimitException("body longer than " + drainLimit + " bytes");
			}
			if (seen <= limit) {
				if (length + size > bytes.length) {
					bytes = Arrays.copyOf(bytes, Math.min(limit, Math.max(length + size, bytes.length * 2)));
				}
				buffer.read(bytes, length, size);
				length += size;
			}
		}

		Optional<byte[]> result() {
			if (length != seen) {
				return Optional.empty();
			}
			return Optional.of(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
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
	 * {@code null}. The bytes are wrapped, not copied. The request's headers are copied and changed only
	 * when they do not already say this (a body whose length changed, a chunked upload, a header to set).
	 */
	static ServerHttpRequest withBody(ServerWebExchange exchange, byte[] body, Map.@Nullable Entry<String, String> header) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders current = request.getHeaders();
		boolean headersAgree = header == null && current.getContentLength() == body.length
				&& !current.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		ServerHttpRequest withHeaders = headersAgree ? request : request.mutate().headers(headers -> {
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
