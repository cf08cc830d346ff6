package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.jspecify.annotations.Nullable;

/**
 * Splits an SSE stream into events and maps each one, emitting every event as soon as its end
 * arrives: only the event being read is held in memory, and no event may be longer than a limit.
 * Lines end as the SSE specification says (CRLF, LF or a lone CR) and an event ends at an empty
 * line, so the edge sees the same events a client will.
 */
final class SseEvents {

	private static final byte[] BOM = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };

	private SseEvents() {
	}

	/**
	 * Maps every event of {@code body}, in order. An event longer than {@code maxEventSize} bytes
	 * ends the stream with {@link DataBufferLimitException}. Each buffer is copied and released as it
	 * arrives, and each byte is examined once.
	 */
	static Flux<byte[]> map(Flux<DataBuffer> body, int maxEventSize, Function<byte[], Mono<byte[]>> event) {
		return Flux.defer(() -> {
			Splitter splitter = new Splitter(maxEventSize);
			return body.map(splitter::feed)
				.concatWith(Mono.fromSupplier(splitter::rest))
				.concatMapIterable(events -> events)
				.concatMap(event);
		});
	}

	/**
	 * The {@code data} of one event as a client reads it (its {@code data} lines joined by
	 * {@code \n}), or {@code null} when the event has no {@code data} field.
	 */
	static @Nullable String data(byte[] event) {
		StringBuilder data = null;
		for (String line : lines(event)) {
			if (field(line).equals("data")) {
				data = data == null ? new StringBuilder() : data.append('\n');
				data.append(value(line));
			}
		}
		return data == null ? null : data.toString();
	}

	/** The event with its {@code data} replaced by {@code data} (one line), every other line kept. */
	static byte[] withData(byte[] event, String data) {
		StringBuilder text = new StringBuilder(data.length() + 64);
		for (String line : lines(event)) {
			if (!line.isEmpty() && !field(line).equals("data")) {
				text.append(line).append('\n');
			}
		}
		return text.append("data: ").append(data).append("\n\n").toString().getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> lines(byte[] event) {
		return new String(event, StandardCharsets.UTF_8).lines().toList();
	}

	private static String field(String line) {
		int colon = line.indexOf(':');
		return colon < 0 ? line : line.substring(0, colon);
	}

	private static String value(String line) {
		int colon = line.indexOf(':');
		if (colon < 0) {
			return "";
		}
		int start = colon + 1 < line.length() && line.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1;
		return line.substring(start);
	}

	/**
	 * Finds the ends of events in a stream fed chunk by chunk. Keeps the bytes of the event being
	 * read and where its scan stopped, so each byte is examined once whatever the chunk sizes.
	 */
	static final class Splitter {

		private final int maxEventSize;

		private byte[] held = new byte[1024];

		/** Bytes held: the event being read, then bytes not yet examined. */
		private int length;

		/** The next byte to examine. */
		private int scan;

		private boolean lineEmpty = true;

		/** The last byte examined was a CR ending a line; an LF right after it belongs to it. */
		private boolean afterCr;

		/** The last byte examined was a CR ending an empty line: the event ends with it or with its LF. */
		private boolean endAfterCr;

		private boolean bomChecked;

		private long scanned;

		Splitter(int maxEventSize) {
			this.maxEventSize = maxEventSize;
		}

		/** The events that end in this chunk; the chunk is released. */
		List<byte[]> feed(DataBuffer chunk) {
			try {
				int size = chunk.readableByteCount();
				ensureCapacity(size);
				chunk.read(held, length, size);
				length += size;
			}
			finally {
				DataBufferUtils.release(chunk);
			}
			return split(false);
		}

		/** The event the stream ended in, if any bytes of it came. */
		List<byte[]> rest() {
			return split(true);
		}

		/** How many bytes were examined so far: the stream's length, whatever its chunks. */
		long scanned() {
			return scanned;
		}

		private List<byte[]> split(boolean last) {
			int start = 0;
			if (!bomChecked) {
				if (length < BOM.length && !last && Arrays.equals(held, 0, length, BOM, 0, length)) {
					return List.of();
				}
				bomChecked = true;
				if (length >= BOM.length && Arrays.equals(held, 0, BOM.length, BOM, 0, BOM.length)) {
					start = BOM.length; // a client drops it too
					scan = Math.max(scan, start);
				}
			}
			List<byte[]> events = new ArrayList<>(2);
			scanned += length - scan;
			for (int i = scan; i < length; i++) {
				byte b = held[i];
				if (endAfterCr) {
					endAfterCr = false;
					int end = b == '\n' ? i + 1 : i;
					start = emit(events, start, end);
					if (b == '\n') {
						continue;
					}
				}
				else if (afterCr) {
					afterCr = false;
					if (b == '\n') {
						continue;
					}
				}
				if (b == '\r') {
					endAfterCr = lineEmpty;
					afterCr = !lineEmpty;
					lineEmpty = true;
				}
				else if (b == '\n') {
					if (lineEmpty) {
						start = emit(events, start, i + 1);
					}
					lineEmpty = true;
				}
				else {
					lineEmpty = false;
				}
			}
			if (last) {
				if (length > start) {
					start = emit(events, start, length);
				}
				endAfterCr = false;
			}
			if (length - start > maxEventSize) {
				throw new DataBufferLimitException("an SSE event longer than " + maxEventSize + " bytes");
			}
			compact(start);
			return events;
		}

		private int emit(List<byte[]> events, int start, int end) {
			if (end - start > maxEventSize) {
				throw new DataBufferLimitException("an SSE event longer than " + maxEventSize + " bytes");
			}
			events.add(Arrays.copyOfRange(held, start, end));
			return end;
		}

		/** Drops the events emitted: only bytes of the chunk just read move. */
		private void compact(int start) {
			int remaining = length - start;
			if (start > 0) {
				byte[] target = held.length > 65536 && remaining < held.length / 4 ? new byte[Math.max(1024, remaining * 2)]
						: held;
				System.arraycopy(held, start, target, 0, remaining);
				held = target;
			}
			length = remaining;
			scan = remaining;
		}

		private void ensureCapacity(int more) {
			if (length + more > held.length) {
				held = Arrays.copyOf(held, Math.max(held.length * 2, length + more));
			}
		}
	}
}
