package dev.mcpedge.loadtests.burst;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load of {@code load-tests/burst.sh}: opens {@code --streams} streaming {@code tools/call}s of
 * the backend stub's {@code sse_hold} tool within {@code --open-seconds}, each held open for
 * {@code --hold-seconds} by the stub, and meanwhile sends a small {@code tools/call} every
 * {@code --ping-ms} on a connection of its own. Prints {@code key=value} lines that the script reads.
 *
 * <p>Usage: {@code java -jar burst-client.jar --url URL [--token T] [--streams 5000] [--open-seconds 5]
 * [--hold-seconds 10] [--ping-ms 100] [--warmup-url URL --warmup-streams N [--warmup-open-seconds 2]]
 * [--slow-pings N]}. The token is sent as {@code Authorization: Bearer} and never printed (nor sent
 * to the warm-up URL). With {@code --warmup-url}, the client first warms itself up on that URL (see
 * {@link #warmUp}). An untimed ping opens the ping's connection before the measured ones.
 * {@code --slow-pings N} writes the N slowest pings, with the time each was sent, to stderr (to be
 * matched with the JVMs' GC logs).
 */
public final class BurstClient {

	private BurstClient() {
	}

	public static void main(String[] args) {
		Map<String, String> options = options(args);
		String url = required(options, "url");
		String token = options.getOrDefault("token", "");
		int streams = Integer.parseInt(options.getOrDefault("streams", "5000"));
		Duration openWithin = Duration.ofSeconds(Long.parseLong(options.getOrDefault("open-seconds", "5")));
		long holdSeconds = Long.parseLong(options.getOrDefault("hold-seconds", "10"));
		Duration pingInterval = Duration.ofMillis(Long.parseLong(options.getOrDefault("ping-ms", "100")));
		Duration streamTimeout = openWithin.plusSeconds(holdSeconds + 60);

		byte[] held = toolsCall("sse_hold", "{\"seconds\":" + holdSeconds + "}");
		byte[] ping = toolsCall("get_balance", "{}");
		HttpClient streamClient = client(ConnectionProvider.builder("burst")
			.maxConnections(streams)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(streamTimeout)
			.build(), token, held.length);
		// the ping's own event loop: a client thread busy opening streams must not delay it
		LoopResources pingLoop = LoopResources.create("ping", 1, true);
		HttpClient pingClient = client(ConnectionProvider.create("ping", 1), token, ping.length).runOn(pingLoop);
		HeldStreams burst = new HeldStreams(streamClient, url, held, streamTimeout);
		Pinger pinger = new Pinger(pingClient, url, ping, Duration.ofSeconds(10));

		String warmupUrl = options.get("warmup-url");
		int warmupStreams = Integer.parseInt(options.getOrDefault("warmup-streams", "0"));
		if (warmupUrl != null && warmupStreams > 0) {
			Duration warmupWithin = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-open-seconds", "2")));
			warmUp(warmupUrl, warmupStreams, warmupWithin, ping, pingLoop);
		}
		// the ping's connection is open before the first measured ping: the first ping of a fresh
		// client JVM, its connection and class loading included, took 300 to 800 ms
		pinger.open().block();

		JvmTimes jvmBefore = JvmTimes.now();
		Sinks.Empty<Void> burstDone = Sinks.empty();
		long start = System.nanoTime();
		Mono<Void> pings = pinger.run(pingInterval, burstDone.asMono());
		Mono<Void> calls = burst.run(streams, openWithin).doFinally(signal -> burstDone.tryEmitEmpty());
		Mono.when(pings, calls).block();
		long end = System.nanoTime();
		JvmTimes jvm = JvmTimes.now().minus(jvmBefore);

		Outcomes streamOutcomes = burst.outcomes();
		Outcomes pingOutcomes = pinger.outcomes();
		long lastOpened = burst.lastOpenedNanos();
		System.out.println("streams=" + streams);
		System.out.println("opened=" + burst.toFirstEvent().count());
		System.out.println("completed=" + streamOutcomes.completed());
		System.out.println("failed=" + streamOutcomes.failed());
		System.out.println("failures=" + streamOutcomes.failures());
		System.out.println("most_open=" + burst.mostOpen());
		System.out.println(seconds("all_opened_s", lastOpened > 0 ? lastOpened - start : -1));
		System.out.println(seconds("duration_s", end - start));
		System.out.println(burst.toFirstEvent().summary("first_event"));
		System.out.println("pings=" + (pingOutcomes.completed() + pingOutcomes.failed()));
		System.out.println("ping_failed=" + pingOutcomes.failed());
		System.out.println("ping_failures=" + pingOutcomes.failures());
		System.out.println(pinger.latencies().summary("ping"));
		System.out.println("client_jit_ms=" + jvm.jitMillis() + " client_gc_ms=" + jvm.gcMillis());
		int slowPings = Integer.parseInt(options.getOrDefault("slow-pings", "0"));
		if (slowPings > 0) {
			System.err.printf(Locale.ROOT, "Pings started at most %.1f ms after they were due%n", pinger.latestStartMillis());
			System.err.println("The " + slowPings + " slowest pings (sent at, ms, number):");
			pinger.slowest(slowPings).forEach(System.err::println);
		}
	}

	/**
	 * The client's warm-up, neither timed nor counted: {@code count} streams held 1 s opened within
	 * {@code within} and a ping every 10 ms meanwhile, to {@code url} (a target that needs no token:
	 * the stub), on connection pools closed afterwards; then a full collection, so that the measured
	 * burst starts with an empty young generation. Without it the measured burst is the client JVM's
	 * first load: on a 2-core machine its JIT compilers took about 3.5 s of CPU during the burst
	 * (4 to 5 s of compilation time; about 2.3 s after this warm-up), and the stub's as much when it
	 * is cold.
	 */
	private static void warmUp(String url, int count, Duration within, byte[] ping, LoopResources pingLoop) {
		Duration timeout = within.plusSeconds(60);
		byte[] heldBriefly = toolsCall("sse_hold", "{\"seconds\":1}");
		ConnectionProvider streamPool = ConnectionProvider.builder("warm-up")
			.maxConnections(count)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(timeout)
			.build();
		ConnectionProvider pingPool = ConnectionProvider.create("warm-up-ping", 1);
		HeldStreams streams = new HeldStreams(client(streamPool, "", heldBriefly.length), url, heldBriefly, timeout);
		Pinger pinger = new Pinger(client(pingPool, "", ping.length).runOn(pingLoop), url, ping, Duration.ofSeconds(10));
		JvmTimes before = JvmTimes.now();
		long start = System.nanoTime();
		Sinks.Empty<Void> done = Sinks.empty();
		Mono.when(pinger.run(Duration.ofMillis(10), done.asMono()),
				streams.run(count, within).doFinally(signal -> done.tryEmitEmpty()))
			.block();
		streamPool.disposeLater().block();
		pingPool.disposeLater().block();
		JvmTimes took = JvmTimes.now().minus(before);
		System.err.printf(Locale.ROOT, "Warm-up: %d streams (%d completed), %d pings in %.1f s; JIT %d ms, GC %d ms%n",
				count, streams.outcomes().completed(), pinger.outcomes().completed(),
				(System.nanoTime() - start) / 1e9, took.jitMillis(), took.gcMillis());
		System.gc();
	}

	private static HttpClient client(ConnectionProvider pool, String token, int contentLength) {
		return HttpClient.create(pool).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000).headers(headers -> {
			headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.set(HttpHeaderNames.ACCEPT, "application/json, text/event-stream")
				.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
			if (!token.isEmpty()) {
				headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
			}
		});
	}

	private static byte[] toolsCall(String tool, String arguments) {
		return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
				+ "\",\"arguments\":" + arguments + "}}").getBytes(StandardCharsets.UTF_8);
	}

	private static String seconds(String name, long nanos) {
		return String.format(Locale.ROOT, "%s=%.1f", name, nanos < 0 ? -1 : nanos / 1e9);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Expected an option, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	private static String required(Map<String, String> options, String name) {
		String value = options.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}
}
