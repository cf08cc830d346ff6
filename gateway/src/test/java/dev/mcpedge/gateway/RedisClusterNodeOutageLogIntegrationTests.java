package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.TestRedisCluster;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.mcpedge.gateway.support.Poll.timeUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis Cluster master killed for about five seconds while requests run, then started again: the
 * log has one warning about the lost node and one line when it is back, not a warning each time
 * Lettuce tries it again (about once a second).
 */
class RedisClusterNodeOutageLogIntegrationTests {

	private static final String TOKEN = "cluster-outage-admin-token-0123456789";

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static TestRedisCluster redis;

	private static ConfigurableApplicationContext instance;

	private static WebTestClient client;

	@BeforeAll
	static void start() {
		redis = TestRedisCluster.start();
		instance = gateways.start("--spring.data.redis.cluster.nodes=" + redis.nodes());
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
	void masterKilledForFiveSecondsThenOneWarningAndOneLineWhenItIsBack() throws Exception {
		Map<String, Object> created = new AdminClient(client, TOKEN).createKey(Map.of("organizationId", "org_outage_log"));
		String key = (String) created.get("key");
		assertThat(status(key)).isEqualTo(200);
		redis.awaitReplicasInSync();

		ListAppender<ILoggingEvent> log = new ListAppender<>();
		log.start();
		Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
		root.addAppender(log);
		int victim = redis.masterOf("mcp-edge:key:" + created.get("id"));
		String node = "127.0.0.1:" + victim;
		Duration down;
		Duration backAfter;
		try {
			long killedAt = System.nanoTime();
			redis.kill(victim);
			// requests for the node's records meanwhile: 503 until its replica takes over, then 200
			while (System.nanoTime() - killedAt < Duration.ofSeconds(5).toNanos()) {
				assertThat(readKey(created.get("id"))).isIn(200, 503);
				Thread.sleep(50);
			}
			redis.restart(victim);
			down = Duration.ofNanos(System.nanoTime() - killedAt);
			backAfter = timeUntil(Duration.ofSeconds(20), () -> {
				status(key);
				return !lines(log, Level.INFO, node + " answers again").isEmpty();
			});
		}
		finally {
			root.detachAppender(log);
		}
		List<ILoggingEvent> warnings = lines(log, Level.WARN, node);
		System.out.printf("Cluster node %s down for %d ms: %d warning(s) about it; back in the log %d ms after its restart%n",
				node, down.toMillis(), warnings.size(), backAfter.toMillis());
		assertThat(warnings).as("one warning for the outage").hasSize(1);
		assertThat(warnings.get(0).getFormattedMessage()).startsWith("Redis node " + node + " unreachable: ")
			.contains("Connection refused");
		assertThat(lines(log, Level.INFO, node + " answers again")).as("one line when it is back").hasSize(1);
		assertThat(status(key)).isEqualTo(200);
	}

	/** The lines logged at {@code level} whose message contains {@code text}. */
	private static List<ILoggingEvent> lines(ListAppender<ILoggingEvent> log, Level level, String text) {
		synchronized (log) { // the appender adds under this lock
			return log.list.stream()
				.filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(text))
				.toList();
		}
	}

	/** Reads a key's record through the admin API (200, or 503 while its slot has no master): Redis traffic. */
	private static int readKey(Object id) {
		return client.get().uri("/admin/keys/" + id).header("Authorization", "Bearer " + TOKEN).exchange()
			.returnResult(Void.class).getStatus().value();
	}

	private static int status(String key) {
		return McpClient.of(client).bearer(key).pingStatus();
	}
}
