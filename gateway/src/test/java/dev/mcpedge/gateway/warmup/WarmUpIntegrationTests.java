package dev.mcpedge.gateway.warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.JdkHttp;
import dev.mcpedge.gateway.support.Ports;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-up before readiness ({@code mcp-edge.warm-up.duration}): readiness stays down while it runs,
 * its requests pass every step of an MCP route and are answered 200 by its own backend, and nothing
 * of it reaches the backend, the audit log or stream, the request metrics or Redis's key records; its
 * route is closed once it is over.
 */
@ExtendWith(OutputCaptureExtension.class)
class WarmUpIntegrationTests {

	private static final Pattern DONE = Pattern.compile("Warm-up done: ([\\d,]+) requests in [\\d.]+ s, answered \\{200=(\\d+)\\}");

	private static final GatewayInstances gateways = new GatewayInstances("warm-up-admin-token-0123456789")
		.set("mcp-edge.audit.redis-stream", "true")
		.set("mcp-edge.api-keys.last-used-interval", "50ms")
		.set("mcp-edge.warm-up.duration", "2s")
		.set("mcp-edge.warm-up.connections", "4");

	private static RedisClient redisClient;

	private static StatefulRedisConnection<String, String> redis;

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
		HttpClient http = HttpClient.newHttpClient();
		List<Integer> readiness = new CopyOnWriteArrayList<>();
		AtomicBoolean started = new AtomicBoolean();
		Thread prober = new Thread(() -> {
			while (!started.get()) {
				try {
					readiness.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).build(),
							HttpResponse.BodyHandlers.discarding()).statusCode());
				}
				catch (Exception notListeningYet) {
					// the server port opens before the warm-up starts
				}
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		prober.start();
		ConfigurableApplicationContext instance = gateways.start("--server.port=" + port);
		started.set(true);
		prober.join();

		assertThat(readiness).as("readiness while the warm-up ran").contains(503).doesNotContain(200);
		assertThat(statusOf(http, port, "GET", "/actuator/health/readiness")).isEqualTo(200);
		Matcher done = DONE.matcher(output.getAll());
		assertThat(done.find()).as("the warm-up's report, every answer 200: %s", output.getAll().lines()
			.filter(line -> line.contains("arm")).toList()).isTrue();
		assertThat(Long.parseLong(done.group(2))).isPositive();
		assertThat(output.getAll()).contains("Warming up for 2 s on 4 connections before reporting ready");

		assertThat(gateways.backend().received()).as("requests that reached the backend").isEmpty();
		assertThat(output.getAll()).doesNotContain("mcp-edge.audit");
		assertThat(redis.sync().xlen("mcp-edge:audit")).as("audit stream records").isEqualTo(auditRecordsBefore);
		String metrics = JdkHttp.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))).body();
		assertThat(metrics).doesNotContain("mcp_edge_requests_seconds_count");
		assertThat(metrics.lines().filter(line -> line.startsWith("http_server_requests_seconds_count"))
			.filter(line -> line.contains("method=\"POST\""))).as("POST requests in http_server_requests").isEmpty();
		Thread.sleep(200); // more than the last-used interval: a use time would have been written by now
		assertThat(redis.sync().keys("mcp-edge:key*warm-up*")).as("key records or use times of the warm-up's keys").isEmpty();

		String path = instance.getBean(WarmUpRoute.class).path();
		assertThat(statusOf(http, port, "POST", path)).as("the warm-up's route after the warm-up").isEqualTo(404);
	}

	private static int statusOf(HttpClient http, int port, String method, String path) {
		return JdkHttp.send(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.method(method, HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
			.header("Content-Type", "application/json")).statusCode();
	}
}
