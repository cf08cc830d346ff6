package dev.mcpedge.gateway.warmup;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.jspecify.annotations.Nullable;

/**
 * The warm-up's requests: {@code connections} loops, each sending one request after the other on a
 * keep-alive connection until the deadline, with the warm-up's keys in turn. Most requests are
 * {@code ping}s; one in 32 is a {@code tools/call} (a write tool, as the edge knows nothing of it), so
 * that the tool rules and the test-mode argument are compiled too, spread over the keys so that no
 * key's write-tool bucket (5 per second by default) is spent faster than it refills; and one in four
 * goes on a connection of its own and is answered as an SSE stream, as a burst of streaming calls
 * opens connections to the edge and from it to the backend. Counts the
 * answers by status; a request that gets no answer at all (the connection refused, say) ends the
 * warm-up, since the others would fail alike.
 */
final class WarmUpTraffic {

	private static final byte[] PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}".getBytes(StandardCharsets.UTF_8);

	/** A ping its backend answers as an SSE stream, sent on a connection of its own. */
	private static final byte[] STREAMED_PING = ("{\"jsonrpc\":\"2.0\",\"id\":" + WarmUpBackend.STREAMED_ID
			+ ",\"method\":\"ping\"}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] TOOL_CALL = ("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
			+ "\"params\":{\"name\":\"mcp_edge_warm_up\",\"arguments\":{}}}")
		.getBytes(StandardCharsets.UTF_8);

	/** One request in this many is a tool call. */
	private static final int TOOL_CALL_EVERY = 32;

	/** One request in this many is answered as an SSE stream, on a connection opened for it. */
	private static final int STREAM_EVERY = 4;

	private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

	private final AtomicLong sent = new AtomicLong();

	/** A client that opens a connection for each request and closes it after the answer. */
	private final HttpClient unpooled = HttpClient.newConnection();

	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	private final AtomicReference<@Nullable String> firstRefusal = new AtomicReference<>();

	/**
	 * What the warm-up got: the answers by status, the first answer other than 200 (status and the start
	 * of its body), and the error that ended it early, if one did.
	 */
	record Outcome(Map<Integer, Long> statuses, @Nullable String firstRefusal, @Nullable Throwable failure) {

		long answered(int status) {
			return statuses.getOrDefault(status, 0L);
		}
	}

	/** Sends requests to {@code url} until {@code duration} has passed. */
	Mono<Outcome> run(String url, List<String> secrets, int connections, Duration duration) {
		ConnectionProvider pool = ConnectionProvider.builder("mcp-edge-warm-up")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.build();
		HttpClient client = HttpClient.create(pool);
		long deadline = System.nanoTime() + duration.toNanos();
		return Flux.range(0, connections)
			.flatMap(loop -> Mono.defer(() -> send(client, url, secrets))
				.repeat(() -> failure.get() == null && System.nanoTime() - deadline < 0), connections)
			.then(Mono.fromSupplier(this::outcome))
			.doFinally(signal -> pool.dispose());
	}

	private Mono<Void> send(HttpClient client, String url, List<String> secrets) {
		long n = sent.getAndIncrement();
		boolean toolCall = n % TOOL_CALL_EVERY == 0;
		boolean streamed = !toolCall && n % STREAM_EVERY == 1;
		// tool calls spread over every key, as they spend each key's write-tool bucket
		String secret = secrets.get((int) ((toolCall ? n / TOOL_CALL_EVERY : n) % secrets.size()));
		byte[] body = toolCall ? TOOL_CALL : streamed ? STREAMED_PING : PING;
		return (streamed ? unpooled : client)
			.headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + secret)
				.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.set(HttpHeaderNames.ACCEPT, "application/json, text/event-stream")
				.set("MCP-Protocol-Version", "2025-06-18"))
			.post()
			.uri(url)
			.send((request, out) -> out.sendByteArray(Mono.just(body)))
			.responseSingle((response, content) -> {
				int status = response.status().code();
				statuses.computeIfAbsent(status, code -> new LongAdder()).increment();
				if (status == 200 || firstRefusal.get() != null) {
					return content.then();
				}
				return content.asString().defaultIfEmpty("").doOnNext(text -> firstRefusal.compareAndSet(null,
						status + " " + text.substring(0, Math.min(text.length(), 300)))).then();
			})
			.onErrorResume(ex -> {
				failure.compareAndSet(null, ex);
				return Mono.empty();
			});
	}

	private Outcome outcome() {
		Map<Integer, Long> counts = new TreeMap<>();
		statuses.forEach((status, count) -> counts.put(status, count.sum()));
		return new Outcome(counts, firstRefusal.get(), failure.get());
	}
}
