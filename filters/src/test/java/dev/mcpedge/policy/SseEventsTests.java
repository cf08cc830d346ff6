package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseEventsTests {

	private static DataBuffer buffer(byte[] bytes, int from, int to) {
		return DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(bytes, from, to));
	}

	private static List<String> split(String stream, int chunk) {
		byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
		SseEvents.Splitter splitter = new SseEvents.Splitter(1 << 20);
		List<String> events = new ArrayList<>();
		for (int i = 0; i < bytes.length; i += chunk) {
			splitter.feed(buffer(bytes, i, Math.min(bytes.length, i + chunk))).forEach(e -> events.add(new String(e, StandardCharsets.UTF_8)));
		}
		splitter.rest().forEach(e -> events.add(new String(e, StandardCharsets.UTF_8)));
		return events;
	}

	@Test
	void feedWhenOneEventOfMegabytesArrivesInSmallChunksThenEveryByteIsExaminedOnce() {
		int size = 6 << 20;
		byte[] stream = new byte[size + 2];
		byte[] line = "data: 0123456789012345678901234567890123456789012345678901234567890123456789\n".getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < size; i++) {
			stream[i] = line[i % line.length];
		}
		stream[size] = '\n';
		stream[size + 1] = '\n';
		SseEvents.Splitter splitter = new SseEvents.Splitter(8 << 20);
		List<byte[]> events = new ArrayList<>();
		for (int i = 0; i < stream.length; i += 512) {
			events.addAll(splitter.feed(buffer(stream, i, Math.min(stream.length, i + 512))));
		}
		assertThat(events).singleElement().satisfies(event -> assertThat(event).isEqualTo(stream));
		assertThat(splitter.scanned()).as("bytes examined, whatever the chunk size").isEqualTo(stream.length);
	}

	@Test
	void feedWhenManyEventsThenScannedStaysTheStreamLength() {
		StringBuilder stream = new StringBuilder();
		for (int i = 0; i < 10_000; i++) {
			stream.append("id: ").append(i).append("\ndata: {\"n\":").append(i).append("}\n\n");
		}
		byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
		SseEvents.Splitter splitter = new SseEvents.Splitter(1024);
		int events = 0;
		for (int i = 0; i < bytes.length; i += 7) {
			events += splitter.feed(buffer(bytes, i, Math.min(bytes.length, i + 7))).size();
		}
		assertThat(events).isEqualTo(10_000);
		assertThat(splitter.scanned()).isEqualTo(bytes.length);
	}

	@Test
	void feedWhenAnEventIsLongerThanTheLimitThenRefusedBeforeItEnds() {
		SseEvents.Splitter splitter = new SseEvents.Splitter(4096);
		byte[] chunk = "data: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n".repeat(20).getBytes(StandardCharsets.UTF_8);
		splitter.feed(buffer(chunk, 0, chunk.length));
		splitter.feed(buffer(chunk, 0, chunk.length));
		assertThatThrownBy(() -> splitter.feed(buffer(chunk, 0, chunk.length))).isInstanceOf(DataBufferLimitException.class);
	}

	@Test
	void feedWhenLinesEndWithCrLfLfOrCrThenEventsEndAtTheFirstEmptyLineAsAClientReadsThem() {
		String stream = "data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r\n\ndata: e\n\r\ndata: f";
		for (int chunk : new int[] { 1, 2, 3, 5, 1000 }) {
			assertThat(split(stream, chunk)).as("chunks of %d", chunk)
				.containsExactly("data: a\r\n\r\n", "data: b\n\n", "data: c\r\r", "data: d\r\n\n", "data: e\n\r\n", "data: f");
		}
	}

	@Test
	void feedWhenTheStreamStartsWithAByteOrderMarkThenItIsDroppedLikeAClientDoes() {
		assertThat(split("\uFEFFdata: {}\n\n", 1)).containsExactly("data: {}\n\n");
		assertThat(split("\uFEFFdata: {}\n\n", 100)).containsExactly("data: {}\n\n");
	}

	@Test
	void dataWhenSeveralLinesAndFieldFormsThenJoinedAsTheSpecificationSays() {
		assertThat(SseEvents.data("event: message\nid: 7\ndata: {\"a\":\ndata:1}\n\n".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo("{\"a\":\n1}");
		assertThat(SseEvents.data("data\r: comment\rdata:  x\r\r".getBytes(StandardCharsets.UTF_8))).isEqualTo("\n x");
		assertThat(SseEvents.data("id: 1\nretry: 10\n\n".getBytes(StandardCharsets.UTF_8))).isNull();
	}

	@Test
	void withDataWhenRewrittenThenOtherFieldsKeptAndOldDataLinesGone() {
		byte[] event = "event: message\r\nid: 7\r\ndata: {\"old\":\r\ndata: 1}\r\n\r\n".getBytes(StandardCharsets.UTF_8);
		assertThat(new String(SseEvents.withData(event, "{\"new\":2}"), StandardCharsets.UTF_8))
			.isEqualTo("event: message\nid: 7\ndata: {\"new\":2}\n\n");
	}

	@Test
	void mapWhenStreamedThenEachEventMappedInOrderAndTheLimitEndsTheStream() {
		byte[] bytes = "data: 1\n\ndata: 2\n\ndata: 33333333333333333333\n\n".getBytes(StandardCharsets.UTF_8);
		Flux<DataBuffer> body = Flux.range(0, bytes.length).map(i -> buffer(bytes, i, i + 1));
		StepVerifier.create(SseEvents.map(body, 12, e -> Mono.just(e).map(b -> new String(b, StandardCharsets.UTF_8).trim())
				.map(s -> s.getBytes(StandardCharsets.UTF_8))).map(b -> new String(b, StandardCharsets.UTF_8)))
			.expectNext("data: 1", "data: 2")
			.expectError(DataBufferLimitException.class)
			.verify(Duration.ofSeconds(5));
	}
}
