package dev.mcpedge.gateway.warmup;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.McpEdgeApplication;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.JdkHttp;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up before readiness ({@code mcp-edge.warm-up.duration}): readiness stays down while it runs,
 * its requests pass every step of an MCP route and are answered 200 by its own backend, and nothing
 * of it reaches the backend, the audit log or stream, the request metrics or Redis's key records. Its
 * route answers only connections from the loopback interface, whatever a forwarded header says, and
 * only while the warm-up runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class WarmUpIntegrationTests {

	private static final Pattern DONE = Pattern
		.compile("Warm-up done: ([\\d,]+) requests in [\\d.]+ s, answered \\{200=(\\d+)\\}");

	private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

	private static final GatewayInstances gateways = new GatewayInstances("warm-up-admin-token-0123456789")
		.set("mcp-edge.audit.redis-stream", "true")
		.set("mcp-edge.api-keys.last-used-interval", "50ms")
		.set("server.forward-headers-strategy", "native")
		.set("mcp-edge.warm-up.duration", "3s")
		.set("mcp-edge.warm-up.connections", "4");

	private static RedisClient redisClient;

	private static StatefulRedisConnection<String, String> redis;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void redis() {
		redisClient = RedisClient.create(TestRedis.url());
		redis = redisClient.connect();
	}

	@AfterAll
	static void stop() {
		gateways.close();
		redis.close();
		redisClient.shutdown();
	}

	@Test
	void warmUpWhenStartingThenReadyOnlyAfterItAndNothingOfItKept(CapturedOutput output) throws Exception {
		long auditRecordsBefore = redis.sync().xlen("mcp-edge:audit");
		int port = Ports.free();
		InetAddress otherAddress = nonLoopbackAddress();
		List<String> readiness = new CopyOnWriteArrayList<>();
		Map<String, Integer> duringWarmUp = new ConcurrentHashMap<>();
		AtomicReference<ConfigurableApplicationContext> starting = new AtomicReference<>();
		AtomicBoolean started = new AtomicBoolean();
		Thread prober = new Thread(() -> {
			while (!started.get()) {
				try {
					int ready = status(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), "GET", Map.of());
					// the last probes may come after the start, which is after the warm-up's report
					readiness.add(ready + (ready == 200 && !output.getAll().contains("Warm-up done") ? " before the warm-up's end" : ""));
					if (starting.get() != null && duringWarmUp.isEmpty()) {
						String path = starting.get().getBean(WarmUpRoute.class).path();
						duringWarmUp.put("loopback, no key",
								status(URI.create("http://127.0.0.1:" + port + path), "POST", Map.of()));
						duringWarmUp.put("other address, X-Forwarded-For: 127.0.0.1",
								status(URI.create("http://" + otherAddress.getHostAddress() + ":" + port + path), "POST",
										Map.of("X-Forwarded-For", "127.0.0.1", "Forwarded", "for=127.0.0.1")));
					}
				}
				catch (RuntimeException notListeningYet) {
					// the server port opens before the warm-up starts
				}
				sleep();
			}
		});
		prober.start();
		ConfigurableApplicationContext instance = gateways.start(new SpringApplicationBuilder(McpEdgeApplication.class)
			.listeners((ApplicationListener<ApplicationStartedEvent>) event -> starting.set(event.getApplicationContext())),
				"--server.port=" + port);
		started.set(true);
		prober.join();

		assertThat(readiness).as("readiness while the warm-up ran").contains("503")
			.doesNotContain("200 before the warm-up's end");
		assertThat(status(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), "GET", Map.of()))
			.isEqualTo(200);
		assertThat(duringWarmUp).as("the warm-up's route while it ran").containsExactlyInAnyOrderEntriesOf(Map.of(
				"loopback, no key", 401, "other address, X-Forwarded-For: 127.0.0.1", 404));
		Matcher done = DONE.matcher(output.getAll());
		assertThat(done.find()).as("the warm-up's report, every answer 200: %s",
				output.getAll().lines().filter(line -> line.contains("arm-up")).toList()).isTrue();
		assertThat(Long.parseLong(done.group(2))).isPositive();
		assertThat(output.getAll()).contains("Warming up for 3 s on 4 connections before reporting ready");

		assertThat(gateways.backend().received()).as("requests that reached the backend").isEmpty();
		assertThat(output.getAll()).doesNotContain("mcp-edge.audit");
		assertThat(redis.sync().xlen("mcp-edge:audit")).as("audit stream records").isEqualTo(auditRecordsBefore);
		String metrics = JdkHttp.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")))
			.body();
		assertThat(metrics).doesNotContain("mcp_edge_requests_seconds_count");
		assertThat(metrics.lines()
			.filter(line -> line.startsWith("http_server_requests_seconds_count"))
			.filter(line -> line.contains("method=\"POST\""))).as("POST requests in http_server_requests").isEmpty();
		Thread.sleep(200); // more than the last-used interval: a use time would have been written by now
		assertThat(redis.sync().keys("mcp-edge:key*warm-up*")).as("key records or use times of the warm-up's keys")
			.isEmpty();

		String path = instance.getBean(WarmUpRoute.class).path();
		assertThat(status(URI.create("http://127.0.0.1:" + port + path), "POST", Map.of()))
			.as("the warm-up's route after the warm-up").isEqualTo(404);
	}

	private int status(URI uri, String method, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(PING))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json, text/event-stream");
		headers.forEach(request::header);
		return JdkHttp.send(http, request).statusCode();
	}

	/** An address of this host that is not a loopback one, from which a connection is not the warm-up's. */
	private static InetAddress nonLoopbackAddress() throws SocketException {
		return NetworkInterface.networkInterfaces()
			.filter(network -> {
				try {
					return network.isUp() && !network.isLoopback();
				}
				catch (SocketException ex) {
					return false;
				}
			})
			.flatMap(NetworkInterface::inetAddresses)
			.filter(address -> address instanceof Inet4Address)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("this test needs a network interface besides loopback"));
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
