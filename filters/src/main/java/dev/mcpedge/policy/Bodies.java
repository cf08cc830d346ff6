package dev.mcpedge.policy;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;

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
}
