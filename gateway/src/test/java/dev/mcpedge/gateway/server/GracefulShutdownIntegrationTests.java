package dev.mcpedge.gateway.server;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.McpEdgeApplication;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.RawHttp;
import dev.mcpedge.gateway.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a real gateway process (a child JVM on the test's class path, on a real redis-server, in
 * front of a streaming backend), with SSE streams and requests in flight. Readiness goes down at once
 * while requests are still served for the drain delay (with {@code Connection: close}); then new
 * connections are refused; a stream
 * that ends within the grace period arrives whole; one that would outlive it is ended cleanly at its
 * end (the client reads the chunked body's last chunk, not a cut connection); a request the backend
 * never answers gets 504 then; the last use of a key is written to Redis; the process exits with
 * status 0 soon after, logging no error. SIGINT (Ctrl-C)
 * closes in the same order. Each test starts its gateway (one at a time: start-ups are CPU-bound, and
 * a second one starting would disturb the first one's timings); each child's output goes to
 * {@code target/graceful-shutdown-<name>.log}.
 */
class GracefulShutdownIntegrationTests {

	private static final Duration DRAIN = Duration.ofMillis(1500);

	private static final Duration GRACE = Duration.ofSeconds(3);

	private static final Duration EVENT_INTERVAL = Duration.ofMillis(250);

	/** Events of the stream that ends within the grace period: about 3.25 s from its start. */
	private static final int SHORT_STREAM_EVENTS = 14;

	private static final String TOKEN = "shutdown-admin-token-0123456789";

	private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

	/** Counted down when the backend begins a stream; each test sets its own. */
	private static volatile CountDownLatch streamsOpened = new CountDownLatch(0);

	/** Counted down when the backend receives a request it never answers. */
	private static final CountDownLatch hangingRequests = new CountDownLatch(1);

	private static final DisposableServer backend = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route(routes -> routes.get("/mcp", GracefulShutdownIntegrationTests::events)
			.post("/mcp", GracefulShutdownIntegrationTests::answer))
		.bindNow();

	/** Reads the client streams: each blocks a thread until its stream ends. */
	private static final ExecutorService clients = Executors.newCachedThreadPool();

	private static final List<Gateway> started = new CopyOnWriteArrayList<>();

	/** An SSE stream of {@code X-Test-Events} events (without it: endless), one every {@link #EVENT_INTERVAL}. */
	private static Publisher<Void> events(HttpServerRequest request, HttpServerResponse response) {
		String count = request.requestHeaders().get("X-Test-Events");
		Flux<Long> ticks = Flux.interval(Duration.ZERO, EVENT_INTERVAL);
		streamsOpened.countDown();
		return response.header("Content-Type", "text/event-stream")
			.sendString((count == null ? ticks : ticks.take(Long.parseLong(count)))
				.map(i -> "id: " + i + "\nevent: message\ndata: event " + i + "\n\n"));
	}

	/** A JSON answer at once, or none ever with {@code X-Test-Hang}. */
	private static Publisher<Void> answer(HttpServerRequest request, HttpServerResponse response) {
		if (request.requestHeaders().contains("X-Test-Hang")) {
			hangingRequests.countDown();
			return request.receive().then().then(Mono.never());
		}
		return request.receive().then()
			.then(response.header("Content-Type", "application/json")
				.sendString(Mono.just("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"))
				.then());
	}

	@AfterAll
	static void stop() throws InterruptedException {
		for (Gateway gateway : started) {
			if (gateway.process().isAlive()) {
				gateway.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		backend.disposeNow();
		clients.shutdownNow();
	}

	@Test
	void sigtermWhenStreamsAndRequestsInFlightThenDrainsRefusesEndsStreamsCleanlyWritesLastUseAndExitsZero()
			throws Exception {
		Gateway gateway = Gateway.start("sigterm", DRAIN, GRACE);
		int port = gateway.awaitReady();
		streamsOpened = new CountDownLatch(2);
		Map<?, ?> key = createKey(port);
		String secret = (String) key.get("key");
		Map<?, ?> drainKey = createKey(port);
		assertThat(ping(port, secret).status()).isEqualTo(200);

		CompletableFuture<Ended> shortStream = stream(port, secret, SHORT_STREAM_EVENTS);
		CompletableFuture<Ended> longStream = stream(port, secret, null);
		CompletableFuture<Ended> unanswered = inFlight(() -> ping(port, secret, Map.of("X-Test-Hang", "yes")));
		assertThat(streamsOpened.await(10, TimeUnit.SECONDS)).as("both streams reached the backend").isTrue();
		assertThat(hangingRequests.await(10, TimeUnit.SECONDS)).as("the unanswered request reached the backend").isTrue();
		long lastUseFrom = System.currentTimeMillis();
		RawHttp.Response beforeSigterm = ping(port, secret);
		long lastUseTo = System.currentTimeMillis();
		assertThat(beforeSigterm.status()).isEqualTo(200);
		assertThat(beforeSigterm.header("Connection")).isNull();

		long sigterm = System.nanoTime();
		gateway.process().destroy();

		RawHttp.Response readiness = awaitReadinessDown(port);
		Duration readinessDown = since(sigterm);
		assertThat(readiness.status()).isEqualTo(503);
		assertThat(readiness.body()).contains("OUT_OF_SERVICE");
		long drainUseFrom = System.currentTimeMillis();
		RawHttp.Response duringDrain = ping(port, (String) drainKey.get("key"));
		long drainUseTo = System.currentTimeMillis();
		assertThat(duringDrain.status()).as("a request during the drain delay").isEqualTo(200);
		assertThat(duringDrain.header("Connection")).as("keep-alive clients move on").isEqualTo("close");
		Duration servedUntil = since(sigterm);
		assertThat(servedUntil).as("still within the drain delay").isLessThan(DRAIN);

		Duration refused = awaitRefused(port, sigterm);
		assertThat(refused).as("new connections refused once the drain delay is over")
			.isGreaterThanOrEqualTo(DRAIN)
			.isLessThan(DRAIN.plusSeconds(1));

		Ended whole = shortStream.get(15, TimeUnit.SECONDS);
		assertThat(whole.failure()).as("the short stream ended cleanly").isNull();
		assertThat(whole.status()).isEqualTo(200);
		for (int i = 0; i < SHORT_STREAM_EVENTS; i++) {
			assertThat(whole.body()).contains("data: event " + i + "\n\n");
		}
		Duration wholeEnded = Duration.ofNanos(whole.at() - sigterm);
		assertThat(wholeEnded).as("the short stream ended after accepting stopped, within the grace period")
			.isGreaterThan(refused)
			.isLessThan(DRAIN.plus(GRACE));

		Ended cut = longStream.get(15, TimeUnit.SECONDS);
		assertThat(cut.failure()).as("the endless stream was ended cleanly (last chunk), not cut off").isNull();
		assertThat(cut.status()).isEqualTo(200);
		assertThat(cut.body()).contains("data: event " + (SHORT_STREAM_EVENTS + 2)).endsWith("\n\n");
		Duration cutEnded = Duration.ofNanos(cut.at() - sigterm);
		assertThat(cutEnded).as("the endless stream ended at the grace period's end")
			.isBetween(DRAIN.plus(GRACE).minusMillis(100), DRAIN.plus(GRACE).plusSeconds(1));

		Ended timedOut = unanswered.get(15, TimeUnit.SECONDS);
		assertThat(timedOut.failure()).as("a request still unanswered gets an answer").isNull();
		assertThat(timedOut.status()).isEqualTo(504);
		assertThat(timedOut.body()).contains("\"id\":1").contains("did not answer in time");
		Duration timedOutAt = Duration.ofNanos(timedOut.at() - sigterm);
		assertThat(timedOutAt).as("at the grace period's end")
			.isBetween(DRAIN.plus(GRACE).minusMillis(100), DRAIN.plus(GRACE).plusSeconds(1));

		assertThat(gateway.process().waitFor(20, TimeUnit.SECONDS)).as("the gateway exited").isTrue();
		Duration exited = since(sigterm);
		assertThat(gateway.process().exitValue()).isZero();
		assertThat(exited).as("exit within drain delay + grace period + a few seconds")
			.isLessThan(DRAIN.plus(GRACE).plusSeconds(4));

		assertThat(lastUsed(key)).as("last use before SIGTERM, written to Redis on the way out")
			.isBetween(lastUseFrom, lastUseTo);
		assertThat(lastUsed(drainKey)).as("last use during the drain delay, written on the way out")
			.isBetween(drainUseFrom, drainUseTo);

		gateway.assertLogClean();
		System.out.printf("readiness down after %d ms, served until %d ms, refused from %d ms, short stream ended "
				+ "at %d ms, endless stream ended at %d ms, unanswered request answered 504 at %d ms, exited at %d ms "
				+ "(drain %d ms, grace %d ms)%n", readinessDown.toMillis(), servedUntil.toMillis(), refused.toMillis(),
				wholeEnded.toMillis(), cutEnded.toMillis(), timedOutAt.toMillis(), exited.toMillis(), DRAIN.toMillis(),
				GRACE.toMillis());
	}

	@Test
	void sigintWhenStreamInFlightThenSameOrderlyCloseWithTheJvmsStatus130() throws Exception {
		Gateway gateway = Gateway.start("sigint", Duration.ZERO, Duration.ofSeconds(1));
		int port = gateway.awaitReady();
		streamsOpened = new CountDownLatch(1);
		Map<?, ?> key = createKey(port);
		CompletableFuture<Ended> stream = stream(port, (String) key.get("key"), null);
		assertThat(streamsOpened.await(10, TimeUnit.SECONDS)).as("the stream reached the backend").isTrue();

		long sigint = System.nanoTime();
		Process kill = new ProcessBuilder("kill", "-INT", Long.toString(gateway.process().pid())).start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -INT").isTrue();

		Ended ended = stream.get(15, TimeUnit.SECONDS);
		assertThat(ended.failure()).as("the stream was ended cleanly").isNull();
		assertThat(Duration.ofNanos(ended.at() - sigint)).as("at the end of the 1 s grace period")
			.isBetween(Duration.ofMillis(900), Duration.ofSeconds(2));
		assertThat(gateway.process().waitFor(20, TimeUnit.SECONDS)).as("the gateway exited").isTrue();
		assertThat(gateway.process().exitValue()).as("the JVM's status for SIGINT").isEqualTo(130);
		assertThat(lastUsed(key)).as("last use written on the way out").isPositive();
		gateway.assertLogClean();
	}

	/** A gateway in a child JVM on the test's class path, its output in {@code log}. */
	private record Gateway(int port, Process process, Path log) {

		static Gateway start(String name, Duration drainDelay, Duration gracePeriod) throws IOException {
			int port = Ports.free();
			Path log = Path.of("target", "graceful-shutdown-" + name + ".log");
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
					System.getProperty("java.class.path"), McpEdgeApplication.class.getName(), "--server.port=" + port,
					"--spring.data.redis.url=" + TestRedis.url(),
					"--mcp-edge.backend.url=http://127.0.0.1:" + backend.port() + "/mcp",
					"--mcp-edge.public-url=https://mcp.example.com", "--mcp-edge.admin.token=" + TOKEN,
					// API keys only: an OAuth endpoint would need a trusted issuer
					"--mcp-edge.endpoints[0].path=/api/mcp", "--mcp-edge.endpoints[0].credentials=api-key",
					// only the write on the way out can store the last use
					"--mcp-edge.api-keys.last-used-interval=1h",
					"--mcp-edge.shutdown.drain-delay=" + drainDelay.toMillis() + "ms",
					"--mcp-edge.shutdown.grace-period=" + gracePeriod.toMillis() + "ms");
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			Gateway gateway = new Gateway(port, process, log);
			started.add(gateway);
			return gateway;
		}

		/** Waits until readiness is UP; returns the port. */
		int awaitReady() throws InterruptedException {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
			while (System.nanoTime() < deadline) {
				assertThat(process.isAlive()).as("the gateway runs (see " + log + ")").isTrue();
				try {
					if (readiness(port).status() == 200) {
						return port;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				Thread.sleep(100);
			}
			throw new AssertionError("the gateway was not ready within 90 s (see " + log + ")");
		}

		/** The orderly close was logged, and no error or stack trace. */
		void assertLogClean() throws IOException {
			assertThat(Files.readString(log, StandardCharsets.UTF_8)).as(log.toString())
				.contains("Graceful shutdown complete")
				.doesNotContain(" ERROR ")
				.doesNotContain("\tat ");
		}
	}

	private static RawHttp.Response awaitReadinessDown(int port) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + DRAIN.toNanos();
		RawHttp.Response response = readiness(port);
		while (response.status() == 200 && System.nanoTime() < deadline) {
			Thread.sleep(20);
			response = readiness(port);
		}
		return response;
	}

	/** Time from SIGTERM to the first refused connection, trying every 20 ms. */
	private static Duration awaitRefused(int port, long sigterm) throws IOException, InterruptedException {
		long deadline = sigterm + DRAIN.plusSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			long attempt = System.nanoTime();
			try {
				readiness(port);
			}
			catch (IOException ex) {
				if (ex.getCause() instanceof ConnectException) {
					return Duration.ofNanos(attempt - sigterm);
				}
				throw ex;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("connections were still accepted " + DRAIN.plusSeconds(5) + " after SIGTERM");
	}

	private static RawHttp.Response readiness(int port) throws IOException {
		return RawHttp.exchange(port, "GET", "/actuator/health/readiness", Map.of(), null);
	}

	private static Map<?, ?> createKey(int port) throws IOException {
		RawHttp.Response created = RawHttp.exchange(port, "POST", "/admin/keys",
				Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"),
				"{\"name\":\"shutdown\",\"organizationId\":\"org_shutdown\",\"mode\":\"live\"}");
		assertThat(created.status()).isEqualTo(201);
		return new JsonMapper().readValue(created.body(), Map.class);
	}

	private static RawHttp.Response ping(int port, String secret) throws IOException {
		return ping(port, secret, Map.of());
	}

	private static RawHttp.Response ping(int port, String secret, Map<String, String> extraHeaders) throws IOException {
		Map<String, String> headers = new LinkedHashMap<>(Map.of("Authorization", "Bearer " + secret, "Content-Type",
				"application/json", "Accept", "application/json, text/event-stream"));
		headers.putAll(extraHeaders);
		return RawHttp.exchange(port, "POST", "/api/mcp", headers, PING);
	}

	/** How an exchange ended: status and body, when (nanoTime), and the failure if it did not end cleanly. */
	private record Ended(int status, String body, long at, Throwable failure) {
	}

	/** A GET stream of this many events (endless: {@code null}), read on a thread of its own. */
	private static CompletableFuture<Ended> stream(int port, String secret, Integer events) {
		Map<String, String> headers = new LinkedHashMap<>(Map.of("Authorization", "Bearer " + secret, "Accept",
				"text/event-stream"));
		if (events != null) {
			headers.put("X-Test-Events", Integer.toString(events));
		}
		return inFlight(() -> RawHttp.exchange(port, "GET", "/api/mcp", headers, null));
	}

	/** An exchange run on a thread of its own: how it ended, and when. */
	private static CompletableFuture<Ended> inFlight(Exchange exchange) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				RawHttp.Response response = exchange.run();
				return new Ended(response.status(), response.body(), System.nanoTime(), null);
			}
			catch (IOException ex) {
				return new Ended(0, "", System.nanoTime(), ex);
			}
		}, clients);
	}

	private interface Exchange {

		RawHttp.Response run() throws IOException;
	}

	/** The last use time of this key in Redis (epoch milliseconds); fails when none was written. */
	private static long lastUsed(Map<?, ?> key) {
		String value = TestRedis.value("mcp-edge:key-used:" + key.get("id"));
		assertThat(value).as("last use of key " + key.get("id")).isNotNull();
		return Long.parseLong(value);
	}

	private static Duration since(long nanoTime) {
		return Duration.ofNanos(System.nanoTime() - nanoTime);
	}
}
