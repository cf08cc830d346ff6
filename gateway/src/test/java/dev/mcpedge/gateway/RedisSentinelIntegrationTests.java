package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.mcpedge.gateway.dev.EmbeddedRedisServer;
import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.KeyPropagation;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.TestRedisSentinel;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.mcpedge.gateway.support.Poll.timeUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances configured only with Spring Boot's {@code spring.data.redis.sentinel.*}
 * settings, on a real Sentinel setup (master, replica, three Sentinels): keys, revocations and rate
 * limits are shared through the Sentinel master, and when the master crashes during traffic clients
 * see only 200 or 503 (never 401 or 500) until Sentinel promotes the replica, then everything works
 * again without a restart. After a planned switchover the gateways write to the new master at once,
 * not to the old one that Sentinel leaves up for a while. The failover tests run last: they change
 * which server is the master.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelIntegrationTests {

	private static final String TOKEN = "sentinel-admin-token-0123456789";

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static TestRedisSentinel redis;

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	private static WebTestClient clientA;

	private static WebTestClient clientB;

	@BeforeAll
	static void start() {
		redis = TestRedisSentinel.start();
		a = instance();
		b = instance();
		clientA = GatewayInstances.client(a);
		clientB = GatewayInstances.client(b);
	}

	@AfterAll
	static void stop() {
		gateways.close();
		if (redis != null) {
			redis.close();
		}
	}

	private static ConfigurableApplicationContext instance() {
		return gateways.start("--spring.data.redis.sentinel.master=" + TestRedisSentinel.MASTER,
				"--spring.data.redis.sentinel.nodes=" + redis.nodes(),
				// four calls, then one token per 100 s: nothing depends on timing
				"--mcp-edge.rate-limits.organizations.org_sentinel_rl.burst-capacity=4",
				"--mcp-edge.rate-limits.organizations.org_sentinel_rl.replenish-rate=0.01");
	}

	private static Map<String, Object> admin(WebTestClient client, HttpMethod method, String path, Object body) {
		return new AdminClient(client, TOKEN).send(method, path, body);
	}

	private static Map<String, Object> createKey(String organizationId) {
		return admin(clientA, HttpMethod.POST, "/admin/keys", Map.of("organizationId", organizationId));
	}

	/**
	 * An admin request right after a switchover: the gateway may answer 503 (retry) until Sentinel's
	 * announcement reaches it, which is what a client is told to do with a 503; anything else must be
	 * a success, at once.
	 */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> adminAfterSwitchover(WebTestClient client, HttpMethod method, String path,
			Object body) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (true) {
			WebTestClient.RequestBodySpec request = client.method(method).uri(path).header("Authorization", "Bearer " + TOKEN);
			EntityExchangeResult<Map> answer = (body == null ? request : request.bodyValue(body)).exchange()
				.expectBody(Map.class)
				.returnResult();
			if (answer.getStatus().value() != 503 || System.nanoTime() > deadline) {
				assertThat(answer.getStatus().is2xxSuccessful()).as(String.valueOf(answer.getResponseBody())).isTrue();
				return answer.getResponseBody();
			}
			Thread.sleep(100);
		}
	}

	private static int status(WebTestClient client, String key) {
		return McpClient.of(client).bearer(key).pingStatus();
	}

	private static void revokedOnBWithinOneSecond(Map<String, Object> created) throws InterruptedException {
		KeyPropagation.assertRevocationReachesWithinOneSecond(clientA, clientB, TOKEN, created);
	}

	private static void createdOnAAcceptedByBWithinOneSecond(String secret) throws InterruptedException {
		assertThat(status(clientB, secret)).isEqualTo(401); // B now remembers it as unknown
		admin(clientA, HttpMethod.POST, "/admin/keys/import",
				Map.of("key", secret, "organizationId", "org_sentinel", "mode", "test"));
		assertThat(timeUntil(Duration.ofSeconds(5), () -> status(clientB, secret) == 200)).isLessThan(ONE_SECOND);
	}

	@Test
	@Order(1)
	void sentinelSettingsOnlyThenNoEmbeddedRedisAndKeysLandInTheSentinelMaster() {
		assertThat(a.getBeanProvider(EmbeddedRedisServer.class).getIfAvailable()).isNull();
		assertThat(b.getBeanProvider(EmbeddedRedisServer.class).getIfAvailable()).isNull();
		Map<String, Object> created = createKey("org_sentinel");
		String record = redis.onMaster(c -> c.get("mcp-edge:key:" + created.get("id")));
		assertThat(record).contains("\"organizationId\":\"org_sentinel\"");
	}

	@Test
	@Order(2)
	void keyCreatedThroughAThenWorksThroughB() throws InterruptedException {
		assertThat(status(clientB, (String) createKey("org_sentinel").get("key"))).isEqualTo(200);
		createdOnAAcceptedByBWithinOneSecond("imported-before-" + System.nanoTime());
	}

	@Test
	@Order(3)
	void revokeThroughAWhenBHasKeyCachedThenBRefusesItWithinOneSecond() throws InterruptedException {
		revokedOnBWithinOneSecond(createKey("org_sentinel"));
	}

	@Test
	@Order(4)
	void keyUsedThroughBothInstancesThenTheyShareOneBucket() {
		String key = (String) createKey("org_sentinel_rl").get("key");
		for (int i = 0; i < 4; i++) {
			assertThat(status(i % 2 == 0 ? clientA : clientB, key)).isEqualTo(200);
		}
		KeyPropagation.assertStatusThroughEach(429, key, clientA, clientB);
	}

	@Test
	@Order(5)
	void masterKilledDuringTrafficThenOnly200Or503UntilTheReplicaIsPromotedThenAllWorksAgain() throws Exception {
		List<Map<String, Object>> warm = new ArrayList<>();
		List<Map<String, Object>> cold = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			warm.add(createKey("org_sentinel"));
			cold.add(createKey("org_sentinel"));
		}
		for (Map<String, Object> key : warm) {
			KeyPropagation.assertStatusThroughEach(200, (String) key.get("key"), clientA, clientB);
		}

		// Traffic through both instances: keys they have cached, and (once the master is gone) keys
		// they never looked up, whose lookups must fail as "unavailable", not as "unknown key".
		AtomicBoolean killed = new AtomicBoolean();
		AtomicBoolean running = new AtomicBoolean(true);
		Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
		List<Thread> load = new ArrayList<>();
		for (WebTestClient client : List.of(clientA, clientB)) {
			Thread thread = new Thread(() -> {
				for (int i = 0; running.get(); i++) {
					boolean useCold = killed.get() && i % 2 == 1;
					String key = (String) (useCold ? cold : warm).get(i / 2 % 10).get("key");
					outcomes.add(new Outcome(System.nanoTime(), useCold, status(client, key)));
					try {
						Thread.sleep(10);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "sentinel-load");
			thread.start();
			load.add(thread);
		}

		long killedAt;
		int oldMaster;
		int newMaster;
		long promotedAt;
		Duration recovery;
		long recoveredAt;
		try { // the load threads stop however this ends: a thread left running would hold the context's close
			Thread.sleep(300);
			killedAt = System.nanoTime();
			oldMaster = redis.killMaster();
			killed.set(true);
			clientA.post().uri("/admin/keys").header("Authorization", "Bearer " + TOKEN).contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("organizationId", "org_sentinel")).exchange()
				.expectStatus().isEqualTo(503)
				.expectBody().json("{\"error\":\"temporarily_unavailable\"}", true);
			newMaster = redis.awaitNewMaster(oldMaster);
			promotedAt = System.nanoTime();
			recovery = timeUntil(Duration.ofSeconds(20), () -> cold.stream()
				.allMatch(k -> status(clientA, (String) k.get("key")) == 200 && status(clientB, (String) k.get("key")) == 200));
			recoveredAt = System.nanoTime();
			Thread.sleep(300);
		}
		finally {
			running.set(false);
			for (Thread thread : load) {
				thread.join(10_000);
			}
		}

		List<Outcome> all = List.copyOf(outcomes);
		List<Outcome> unavailable = all.stream().filter(o -> o.status() == 503).toList();
		System.out.printf("Sentinel failover: master %d -> %d promoted after %d ms; clients served again %d ms after the kill"
				+ " (%d ms after the promotion); %d requests, %d answered 503, the last of them %d ms after the kill%n",
				oldMaster, newMaster, millis(promotedAt - killedAt), millis(recoveredAt - killedAt),
				millis(recovery.toNanos()), all.size(), unavailable.size(),
				unavailable.isEmpty() ? 0 : millis(unavailable.get(unavailable.size() - 1).at() - killedAt));
		assertThat(newMaster).isNotEqualTo(oldMaster);
		assertThat(all.stream().map(Outcome::status).collect(Collectors.toSet())).as("never 401 or 500")
			.isSubsetOf(200, 503);
		assertThat(all.stream().filter(o -> !o.cold()).map(Outcome::status).collect(Collectors.toSet()))
			.as("cached keys are served throughout").containsOnly(200);
		assertThat(unavailable).as("cold keys were looked up while no master answered").isNotEmpty();

		for (Map<String, Object> key : concat(warm, cold)) {
			String record = redis.onMaster(c -> c.get("mcp-edge:key:" + key.get("id")));
			assertThat(record).as("records survive the failover").isNotNull();
		}

		// Key events are heard again: Lettuce reconnects the pub/sub connection through the Sentinels to
		// the new master and subscribes again by itself.
		createdOnAAcceptedByBWithinOneSecond("imported-after-" + System.nanoTime());
		revokedOnBWithinOneSecond(createKey("org_sentinel"));

		redis.restartAsReplica(oldMaster);
		assertThat(status(clientB, (String) createKey("org_sentinel").get("key"))).isEqualTo(200);
	}

	@Test
	@Order(6)
	void switchoverWithTheOldMasterDemotedByHandThenWritesReachTheNewMasterAndLimitsAreSharedAgain() throws Exception {
		String key = (String) createKey("org_sentinel").get("key");
		KeyPropagation.assertStatusThroughEach(200, key, clientA, clientB);

		int demoted = redis.switchover();
		// demoted by hand, so Sentinel does not disconnect its clients: a connection still on it would get
		// READONLY for every write, for good
		redis.replicaOfMaster(demoted);

		List<Integer> statuses = new ArrayList<>();
		List<String> createdIds = new ArrayList<>();
		Duration recovery = timeUntil(Duration.ofSeconds(10), () -> {
			EntityExchangeResult<Map<String, Object>> created = clientB.post().uri("/admin/keys")
				.header("Authorization", "Bearer " + TOKEN).contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("organizationId", "org_sentinel")).exchange().expectBody(MAP).returnResult();
			statuses.add(created.getStatus().value());
			if (created.getStatus().value() == 201) {
				createdIds.add((String) created.getResponseBody().get("id"));
			}
			statuses.add(status(clientA, key));
			statuses.add(status(clientB, key));
			return !createdIds.isEmpty();
		});
		System.out.printf("Switchover, old master demoted by hand: writes through the new master after %d ms; statuses %s%n",
				recovery.toMillis(), statuses);
		assertThat(statuses).as("never 401 or 500").isSubsetOf(200, 201, 503);
		String record = redis.onMaster(c -> c.get("mcp-edge:key:" + createdIds.get(0)));
		assertThat(record).as("written to the new master").isNotNull();
		for (WebTestClient client : List.of(clientA, clientB)) {
			timeUntil(Duration.ofSeconds(5), () -> {
				status(client, key);
				return client.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult()
					.getResponseBody().contains("mcp_edge_rate_limit_fallback 0.0");
			});
		}
		revokedOnBWithinOneSecond(createKey("org_sentinel"));
	}

	@Test
	@Order(7)
	void plannedSwitchoverThenKeysCreatedAndRevokedRightAfterItAreKeptOnTheNewMaster() throws Exception {
		Map<String, Object> revoked = createKey("org_sentinel");
		String revokedKey = (String) revoked.get("key");
		assertThat(status(clientB, revokedKey)).isEqualTo(200);

		redis.switchover();
		// Sentinel leaves the old master up and connected for about ten seconds more; what is written
		// there is lost when it becomes a replica. The gateways must write to the new master at once.
		Map<String, Object> created = adminAfterSwitchover(clientA, HttpMethod.POST, "/admin/keys",
				Map.of("organizationId", "org_sentinel"));
		adminAfterSwitchover(clientB, HttpMethod.POST, "/admin/keys/" + revoked.get("id") + "/revoke", null);

		String createdRecord = redis.onMaster(c -> c.get("mcp-edge:key:" + created.get("id")));
		assertThat(createdRecord).as("created on the new master").isNotNull();
		String revokedRecord = redis.onMaster(c -> c.get("mcp-edge:key:" + revoked.get("id")));
		assertThat(revokedRecord).as("revoked on the new master").contains("\"status\":\"revoked\"");
		assertThat(status(clientA, (String) created.get("key"))).isEqualTo(200);
		assertThat(status(clientA, revokedKey)).isEqualTo(401);
	}

	/**
	 * A second switchover, then a revoke through B: the key-event subscriptions move to the new master
	 * with Sentinel's announcement, as the command connections do. A subscription left on the old master
	 * (an instance that missed the announcement) would hear nothing published on the new one until
	 * Sentinel disconnects its clients about ten seconds later; it notices the silence (no heartbeat for
	 * three seconds), subscribes again through the Sentinels and empties the cache. Either way the revoked
	 * key is refused within seconds, not after the cache's 60 s.
	 */
	@Test
	@Order(8)
	void plannedSwitchoverThenARevokeThroughBIsRefusedOnAWithinTheKeyEventsSilence() throws Exception {
		redis.switchover();
		Map<String, Object> created = adminAfterSwitchover(clientA, HttpMethod.POST, "/admin/keys",
				Map.of("organizationId", "org_sentinel"));
		String key = (String) created.get("key");
		assertThat(status(clientA, key)).isEqualTo(200);
		assertThat(status(clientA, key)).as("served from A's cache").isEqualTo(200);
		adminAfterSwitchover(clientB, HttpMethod.POST, "/admin/keys/" + created.get("id") + "/revoke", null);
		Duration refusedAfter = timeUntil(Duration.ofSeconds(10), () -> status(clientA, key) == 401);
		System.out.println("Sentinel switchover: a revoke right after it was refused on the other instance after "
				+ refusedAfter.toMillis() + " ms");
		assertThat(refusedAfter).isLessThan(Duration.ofMillis(4500));
	}

	private static List<Map<String, Object>> concat(List<Map<String, Object>> first, List<Map<String, Object>> second) {
		List<Map<String, Object>> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static long millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis();
	}

	private record Outcome(long at, boolean cold, int status) {
	}
}
