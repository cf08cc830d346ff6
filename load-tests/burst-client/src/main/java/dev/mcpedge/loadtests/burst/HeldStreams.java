package dev.mcpedge.loadtests.burst;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The burst: streaming tool calls opened at an even pace, each on a connection of its own (an
 * HTTP/1.1 stream holds its connection), counted when their first event arrives and when they end
 * with the result event.
 */
final class HeldStreams {

	/** How often a batch of calls is opened. */
	private static final Duration TICK = Duration.ofMillis(10);

	private final HttpClient client;

	private final String url;

	private final byte[] body;

	private final Duration timeout;

	private final Latencies toFirstEvent = new Latencies();

	private final Outcomes outcomes = new Outcomes();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger mostOpen = new AtomicInteger();

	private final AtomicLong lastOpenedNanos = new AtomicLong();

	HeldStreams(HttpClient client, String url, byte[] body, Duration timeout) {
		this.client = client;
		this.url = url;
		this.body = body;
		this.timeout = timeout;
	}

	/** Opens {@code count} calls evenly over {@code within}; completes when every call has ended. */
	Mono<Void> run(int count, Duration within) {
		int ticks = (int) Math.max(1, within.toMillis() / TICK.toMillis());
		return Flux.interval(TICK)
			.take(ticks)
			.flatMap(tick -> Flux.range(0, (int) ((tick + 1) * count / ticks - tick * count / ticks)), Integer.MAX_VALUE)
			.flatMap(i -> call(), Integer.MAX_VALUE)
			.then();
	}

	private Mono<String> call() {
		long start = System.nanoTime();
		return Mono.defer(() -> client.post().uri(url).send((request, outbound) -> outbound.sendByteArray(Mono.just(body)))
			.response((response, content) -> {
				if (response.status().code() != 200) {
					return content.then(Mono.just("HTTP " + response.status().code()));
				}
				StringBuilder received = new StringBuilder();
				return content.asString()
					.doOnNext(chunk -> {
						if (received.isEmpty()) {
							opened(start);
						}
						received.append(chunk);
					})
					.then(Mono.fromSupplier(() -> received.indexOf("\"result\"") >= 0 ? Outcomes.COMPLETED
							: "ended without a result"))
					.doFinally(signal -> {
						if (!received.isEmpty()) {
							open.decrementAndGet();
						}
					});
			})
			.single())
			.timeout(timeout)
			.onErrorResume(ex -> Mono.just(ex.getClass().getSimpleName()))
			.doOnNext(outcomes::count);
	}

	private void opened(long start) {
		long now = System.nanoTime();
		toFirstEvent.record(now - start);
		lastOpenedNanos.accumulateAndGet(now, Math::max);
		mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
	}

	Latencies toFirstEvent() {
		return toFirstEvent;
	}

	Outcomes outcomes() {
		return outcomes;
	}

	/** The most streams open at once (first event received, not yet ended). */
	int mostOpen() {
		return mostOpen.get();
	}

	/** {@link System#nanoTime()} when the last stream got its first event; 0 when none did. */
	long lastOpenedNanos() {
		return lastOpenedNanos.get();
	}
}
