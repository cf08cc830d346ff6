package dev.mcpedge.policy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Splits an SSE stream into events (ended by a blank line) and maps each one, emitting every event
 * as soon as its end arrives: only the event being read is held in memory.
 */
final class SseEvents {

	private SseEvents() {
	}

	static Flux<byte[]> map(Flux<DataBuffer> body, UnaryOperator<byte[]> event) {
		return Flux.defer(() -> {
			Splitter splitter = new Splitter();
			return body.map(Bodies::copyAndRelease)
				.concatMapIterable(splitter::feed)
				.concatWith(Mono.fromSupplier(splitter::rest).filter(rest -> rest.length > 0))
				.map(event);
		});
	}

	private static final class Splitter {

		private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

		List<byte[]> feed(byte[] chunk) {
			pending.writeBytes(chunk);
			byte[] bytes = pending.toByteArray();
			List<byte[]> events = new ArrayList<>();
			int start = 0;
			for (int i = 0; i < bytes.length; i++) {
				int end = eventEnd(bytes, i);
				if (end > 0) {
					events.add(java.util.Arrays.copyOfRange(bytes, start, end));
					start = end;
					i = end - 1;
				}
			}
			pending.reset();
			pending.write(bytes, start, bytes.length - start);
			return events;
		}

		byte[] rest() {
			return pending.toByteArray();
		}

		/** The end (exclusive) of a blank-line separator starting at {@code i}, or -1. */
		private static int eventEnd(byte[] b, int i) {
			if (b[i] == '\n' && i + 1 < b.length && b[i + 1] == '\n') {
				return i + 2;
			}
			if (b[i] == '\r' && i + 3 < b.length && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
				return i + 4;
			}
			return -1;
		}
	}
}
