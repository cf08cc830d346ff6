package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.TestRedisSentinel;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.mcpedge.gateway.support.Poll.timeUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Sentinel switchover while Lettuce's event loop that serves the gateway's Redis connection is
 * stalled (as on an overloaded machine: a slow callback on that thread), and the stalled callback then
 * sends another Redis command. Moving to the new master must not wait for anything that loop has to
 * do: when it did (the shared connection reset under the connection factory's lock, waiting for the old
 * connection's close, which that loop runs), the callback's command waited for the lock, the lock for
 * the callback, and every Redis command of the instance for good. Here the instance serves requests
 * through the new master within a few seconds of the stall's end.
 */
@ExtendWith(OutputCaptureExtension.class)
class SentinelStalledSwitchIntegrationTests {

	private static final String TOKEN = "sentinel-stall-admin-token-0123456789";

	private static final String ANNOUNCED = "Redis Sentinel announced a new master";

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static TestRedisSentinel redis;

	private static ConfigurableApplicationContext instance;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		redis = TestRedisSentinel.start();
		instance = gateways.start("--spring.data.redis.sentinel.master=" + TestRedisSentinel.MASTER,
				"--spring.data.redis.sentinel.nodes=" + redis.nodes());
		client = GatewayInstances.client(instance);
	}

	@AfterAll
	static void stop() {
		gateways.close();
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	void switchoverWhileTheRedisEventLoopIsStalledThenRequestsAreServedThroughTheNewMasterWithinSeconds(
			CapturedOutput output) throws Exception {
		Map<String, Object> before = gateways.admin(instance).createKey(Map.of("organizationId", "org_stall"));
		assertThat(status((String) before.get("key"))).isEqualTo(200);

		ReactiveStringRedisTemplate template = instance.getBean(ReactiveStringRedisTemplate.class);
		CountDownLatch stalled = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch callbackDone = new CountDownLatch(1);
		// the answer to this GET arrives on the connection's event loop, which the callback then holds
		template.opsForValue().get("mcp-edge-test:stall").then(Mono.defer(() -> {
			stalled.countDown();
			await(release);
			return template.opsForValue().set("mcp-edge-test:after-stall", "1");
		})).doFinally(signal -> callbackDone.countDown()).subscribe(ok -> {
		}, error -> {
		});
		assertThat(stalled.await(5, TimeUnit.SECONDS)).as("the event loop is stalled").isTrue();

		try {
			redis.switchover();
			// The instance hears the announcement on its Sentinel subscriptions, at once unless all of them
			// share the stalled loop; then it hears it once the stall ends, which is also fine.
			long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
			while (!output.getAll().contains(ANNOUNCED) && System.nanoTime() < deadline) {
				Thread.sleep(20);
			}
			// what the instance does on the announcement runs now, while the loop is still stalled; there is
			// nothing to poll for, so give it a moment
			Thread.sleep(300);
		}
		finally {
			release.countDown();
		}

		assertThat(callbackDone.await(5, TimeUnit.SECONDS)).as("the stalled callback's command finished").isTrue();
		AtomicReference<Map<String, Object>> created = new AtomicReference<>();
		Duration served = timeUntil(Duration.ofSeconds(5), () -> {
			created.set(createKey());
			return created.get() != null;
		});
		System.out.printf("Sentinel switchover during a stalled event loop: keys created through the new master %d ms"
				+ " after the stall ended%n", served.toMillis());
		Map<String, Object> after = created.get();
		String record = redis.onMaster(c -> c.get("mcp-edge:key:" + after.get("id")));
		assertThat(record).as("written to the new master").isNotNull();
		assertThat(status((String) after.get("key"))).isEqualTo(200);
		assertThat(status((String) before.get("key"))).isEqualTo(200);
	}

	/** Creates a key: the admin API's answer, or {@code null} for a 503 (retry) while the instance moves. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> createKey() {
		EntityExchangeResult<Map> answer = client.post().uri("/admin/keys").header("Authorization", "Bearer " + TOKEN)
			.bodyValue(Map.of("organizationId", "org_stall")).exchange().expectBody(Map.class).returnResult();
		assertThat(answer.getStatus().value()).as("created, or retry").isIn(201, 503);
		return answer.getStatus().value() == 201 ? answer.getResponseBody() : null;
	}

	private static int status(String key) {
		return McpClient.of(client).bearer(key).pingStatus();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}
}
