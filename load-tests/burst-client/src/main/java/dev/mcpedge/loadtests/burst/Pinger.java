package dev.mcpedge.loadtests.burst;

import java.time.Duration;

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

	Pinger(HttpClient client, String url, byte[] body, Duration timeout) {
		this.client = client;
		this.url = url;
		this.body = body;
		this.timeout = timeout;
	}

	/** Pings every {@code interval} until {@code until} emits or completes. */
	Mono<Void> run(Duration interval, Mono<?> until) {
		return Flux.interval(Duration.ZERO, interval)
			.onBackpressureDrop()
			.concatMap(tick -> ping(), 1)
			.takeUntilOther(until)
			.then();
	}

	private Mono<String> ping() {
		return Mono.defer(() -> {
			long start = System.nanoTime();
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
					latencies.record(System.nanoTime() - start);
					return Outcomes.COMPLETED;
				}));
		}).timeout(timeout).onErrorResume(ex -> Mono.just(ex.getClass().getSimpleName())).doOnNext(outcomes::count);
	}

	Latencies latencies() {
		return latencies;
	}

	Outcomes outcomes() {
		return outcomes;
	}
}
