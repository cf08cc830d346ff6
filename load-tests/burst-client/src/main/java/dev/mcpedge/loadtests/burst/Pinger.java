package dev.mcpedge.loadtests.burst;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * A small request sent at a fixed interval, one at a time over a keep-alive connection, while the
 * burst runs: what an ordinary client sees of the gateway meanwhile. A ping still in flight when
 * the next is due delays it (so a stall shows as one long ping, not many).
 */
final class Pinger {

	private final HttpClient client;

	private final String url;

	private final byte[] body;

	private final Duration timeout;

	private final Latencies latencies = new Latencies();

	private final Outcomes outcomes = new Outcomes();

	/** Each answered ping: when it was sent (wall clock, ms), how long it took (ns), its number (0: the first). */
	private final ConcurrentLinkedQueue<long[]> sent = new ConcurrentLinkedQueue<>();

	/** How late the timer started a ping at worst (ns): a ping the one before delayed counts too. */
	private final AtomicLong latestTimer = new AtomicLong();

	Pinger(HttpClient client, String url, byte[] body, Duration timeout) {
		this.client = client;
		this.url = url;
		this.body = body;
		this.timeout = timeout;
	}

	/**
	 * One ping that is neither timed nor counted: opens the keep-alive connection before the
	 * measured pings (and warms the client's ping path up).
	 */
	Mono<Void> open() {
		return Mono.defer(() -> client.post()
			.uri(url)
			.send((request, outbound) -> outbound.sendByteArray(Mono.just(body)))
			.responseSingle((response, content) -> content.asString().defaultIfEmpty("")))
			.timeout(timeout)
			.onErrorResume(ex -> Mono.empty())
			.then();
	}

	/** Pings every {@code interval} until {@code until} emits or completes. */
	Mono<Void> run(Duration interval, Mono<?> until) {
		return Flux.defer(() -> {
			long first = System.nanoTime();
			return Flux.interval(Duration.ZERO, interval)
				.onBackpressureDrop()
				.concatMap(number -> ping(number, first + number * interval.toNanos()), 1);
		})
			.takeUntilOther(until)
			.then();
	}

	private Mono<String> ping(long number, long due) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			latestTimer.accumulateAndGet(start - due, Math::max);
			long startMillis = System.currentTimeMillis();
			return client.post()
				.uri(url)
				.send((request, outbound) -> outbound.sendByteArray(Mono.just(body)))
				.responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
					if (response.status().code() != 200) {
						return "HTTP " + response.status().code();
					}
					if (!text.contains("\"result\"")) {
						return "no result";
					}
					long took = System.nanoTime() - start;
					latencies.record(took);
					sent.add(new long[] { startMillis, took, number });
					return Outcomes.COMPLETED;
				}));
		}).timeout(timeout).onErrorResume(ex -> Mono.just(ex.getClass().getSimpleName())).doOnNext(outcomes::count);
	}

	/**
	 * The {@code count} slowest pings, slowest first: {@code <UTC time sent> <ms> #<number>} each (the time with
	 * milliseconds, to be matched with the JVMs' {@code -Xlog} lines).
	 */
	List<String> slowest(int count) {
		return sent.stream()
			.sorted(Comparator.comparingLong((long[] ping) -> ping[1]).reversed())
			.limit(count)
			.map(ping -> String.format(java.util.Locale.ROOT, "%s %.1f #%d", Instant.ofEpochMilli(ping[0]), ping[1] / 1e6, ping[2]))
			.collect(Collectors.toList());
	}

	/** How late (ms) the timer started a ping at worst, a ping still in flight when it was due included. */
	double latestStartMillis() {
		return latestTimer.get() / 1e6;
	}

	Latencies latencies() {
		return latencies;
	}

	Outcomes outcomes() {
		return outcomes;
	}
}
