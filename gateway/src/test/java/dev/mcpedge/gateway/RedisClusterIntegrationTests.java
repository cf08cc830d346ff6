package dev.mcpedge.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.gateway.cli.KeyCommandLine;
import dev.mcpedge.gateway.dev.EmbeddedRedisServer;
import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.KeyPropagation;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;
import dev.mcpedge.gateway.support.TestRedisCluster;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static dev.mcpedge.gateway.support.Poll.timeUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances on a real Redis Cluster (three masters, three replicas), configured with
 * nothing but Spring Boot's {@code spring.data.redis.cluster.nodes}: keys, revocation, shared rate
 * limits, listings, audit, tool hints and sessions work across slots and instances; and when a
 * master is killed while requests run, every answer is 200 or 503, and once its replica has taken
 * over everything works again by itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterIntegrationTests {

	private static final String TOKEN = "cluster-admin-token-0123456789";

	private static final String TOOLS = """
			{"jsonrpc":"2.0","id":1,"result":{"tools":[\
			{"name":"get_balance","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":true}},\
			{"name":"create_refund","inputSchema":{"type":"object"},"annotations":{"readOnlyHint":false}}]}}""";

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static final TestBackend backend = gateways.backend();

	private static TestRedisCluster redis;

	private static ConfigurableApplicationContext a;

	private static WebTestClient clientA;

	private static WebTestClient clientB;

	@BeforeAll
	static void startClusterAndTwoInstances() {
		long start = System.nanoTime();
		redis = TestRedisCluster.start();
		System.out.printf("cluster formed in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
		backend.stubFor(post("/mcp").atPriority(1).withRequestBody(matchingJsonPath("$.method", equalTo("tools/list")))
			.willReturn(json(TOOLS)));
		backend.stubFor(post("/mcp").atPriority(1).withRequestBody(matchingJsonPath("$.method", equalTo("initialize")))
			.willReturn(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
					+ "\"serverInfo\":{\"name\":\"wiremock\",\"version\":\"1\"}}}").withHeader("Mcp-Session-Id", "cluster-session-1")));
		a = instance();
		clientA = GatewayInstances.client(a);
		clientB = GatewayInstances.client(instance());
	}

	@AfterAll
	static void stop() {
		gateways.close();
		redis.close();
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
	}

	private static ConfigurableApplicationContext instance() {
		return gateways.start("--spring.data.redis.cluster.nodes=" + redis.nodes(), "--mcp-edge.audit.redis-stream=true",
				// a small shared bucket: four calls, then one token per 20 s
				"--mcp-edge.rate-limits.organizations.org_cluster_rl.burst-capacity=4",
				"--mcp-edge.rate-limits.organizations.org_cluster_rl.replenish-rate=0.05",
				// the failover test's unpaced traffic is about failover, not limits: its organization's
				// bucket (200 a second by default) must not answer 429 when the answers come fast
				"--mcp-edge.rate-limits.organizations.org_cluster_failover.burst-capacity=1000000",
				"--mcp-edge.rate-limits.organizations.org_cluster_failover.replenish-rate=1000000");
	}

	private static Map<String, Object> admin(WebTestClient client, HttpMethod method, String path, Object body) {
		return new AdminClient(client, TOKEN).send(method, path, body);
	}

	/** {@code count} keys of {@code organizationId}, named {@code before 0}, {@code before 1}, ... */
	private static List<Map<String, Object>> createKeysBefore(String organizationId, int count) {
		List<Map<String, Object>> created = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			created.add(createKey(Map.of("organizationId", organizationId, "name", "before " + i)));
		}
		return created;
	}

	private static Map<String, Object> createKey(Map<String, Object> request) {
		return admin(clientA, HttpMethod.POST, "/admin/keys", request);
	}

	private static int status(WebTestClient client, String key) {
		return send(client, key, McpJson.PING, null).getStatus().value();
	}

	private static org.springframework.test.web.reactive.server.EntityExchangeResult<byte[]> send(WebTestClient client,
			String key, String body, String session) {
		McpClient mcp = McpClient.of(client).bearer(key).acceptingStreams();
		return (session == null ? mcp : mcp.header("Mcp-Session-Id", session)).send(body).expectBody().returnResult();
	}

	@Test
	@Order(1)
	void clusterConfiguredThenNoEmbeddedRedisNoDemoKeysAndAdminKeysLandInTheCluster() {
		assertThat(a.getBeansOfType(EmbeddedRedisServer.class)).isEmpty();
		assertThat(redis.commands().exists("mcp-edge:org-keys:org_demo")).as("no demo keys").isZero();
		Map<String, Object> created = createKey(Map.of("organizationId", "org_cluster"));
		String id = (String) created.get("id");
		assertThat(redis.commands().get("mcp-edge:key:" + id)).contains("\"org_cluster\"");
		assertThat(redis.commands().smembers("mcp-edge:org-keys:org_cluster")).contains(id);
	}

	@Test
	@Order(2)
	void keyCreatedThroughAThenWorksThroughB() {
		String key = (String) createKey(Map.of("organizationId", "org_cluster")).get("key");
		assertThat(status(clientB, key)).isEqualTo(200);
	}

	@Test
	@Order(3)
	void revokeThroughAWhenBHasKeyCachedThenBRefusesItWithinOneSecond() throws InterruptedException {
		revokeReachesBWithinOneSecond();
	}

	private static void revokeReachesBWithinOneSecond() throws InterruptedException {
		revokeReachesTheOtherWithinOneSecond(clientA, clientB);
	}

	private static void revokeReachesAWithinOneSecond() throws InterruptedException {
		revokeReachesTheOtherWithinOneSecond(clientB, clientA);
	}

	private static void revokeReachesTheOtherWithinOneSecond(WebTestClient from, WebTestClient other)
			throws InterruptedException {
		Map<String, Object> created = admin(from, HttpMethod.POST, "/admin/keys", Map.of("organizationId", "org_cluster"));
		KeyPropagation.assertRevocationReachesWithinOneSecond(from, other, TOKEN, created);
	}

	@Test
	@Order(4)
	void keyUsedThroughBothInstancesThenTheyShareOneBucket() {
		String key = (String) createKey(Map.of("organizationId", "org_cluster_rl")).get("key");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			statuses.add(status(i % 2 == 0 ? clientA : clientB, key));
		}
		assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
	}

	@Test
	@Order(5)
	void manyKeysOfAnOrganizationOnEverySlotThenListedWithTheirLastUse() throws InterruptedException {
		Set<String> ids = new HashSet<>();
		Set<Integer> masters = new HashSet<>();
		for (int i = 0; i < 24; i++) {
			Map<String, Object> created = createKey(Map.of("organizationId", "org_cluster_list", "name", "key " + i));
			String id = (String) created.get("id");
			ids.add(id);
			masters.add(redis.masterOf("mcp-edge:key:" + id));
			assertThat(status(clientB, (String) created.get("key"))).isEqualTo(200);
		}
		assertThat(masters).as("records on every master").hasSize(3);
		timeUntil(Duration.ofSeconds(5), () -> {
			@SuppressWarnings("unchecked")
			List<Map<String, Object>> listed = (List<Map<String, Object>>) admin(clientA, HttpMethod.GET,
					"/admin/keys?organizationId=org_cluster_list", null).get("data");
			assertThat(listed).extracting(key -> key.get("id")).containsExactlyInAnyOrderElementsOf(ids);
			return listed.stream().allMatch(key -> key.get("lastUsedAt") != null);
		});
	}

	@Test
	@Order(6)
	void requestThroughBThenAuditRecordInTheClusterStreamAndReadThroughA() throws InterruptedException {
		String key = (String) createKey(Map.of("organizationId", "org_cluster_audit")).get("key");
		assertThat(status(clientB, key)).isEqualTo(200);
		timeUntil(Duration.ofSeconds(5), () -> redis.commands().xrevrange("mcp-edge:audit", Range.create("-", "+"))
			.stream().map(StreamMessage::getBody).anyMatch(body -> "org_cluster_audit".equals(body.get("organizationId"))
					&& String.valueOf(body.get("record")).contains("\"method\":\"ping\"")));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> read = (List<Map<String, Object>>) admin(clientA, HttpMethod.GET,
				"/admin/audit?organizationId=org_cluster_audit", null).get("data");
		assertThat(read).extracting(record -> record.get("action")).as("newest first: the call, then the key's creation")
			.containsExactly(null, "key.created");
		assertThat(read.get(0)).containsEntry("method", "ping").containsEntry("status", 200);
	}

	@Test
	@Order(7)
	void toolsListThroughAThenHintsInTheClusterAndSessionsBoundAcrossInstances() {
		String owner = (String) createKey(Map.of("organizationId", "org_cluster_tools")).get("key");
		String other = (String) createKey(Map.of("organizationId", "org_cluster_tools")).get("key");
		assertThat(send(clientA, owner, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}", null).getStatus().value())
			.isEqualTo(200);
		String hints = "mcp-edge:tool-hints:{http://127.0.0.1:" + backend.port() + "/mcp}";
		assertThat(redis.commands().hget(hints, "create_refund")).isEqualTo("0");

		String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
				+ "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
		var opened = send(clientA, owner, initialize, null);
		assertThat(opened.getStatus().value()).isEqualTo(200);
		String session = opened.getResponseHeaders().getFirst("Mcp-Session-Id");
		assertThat(session).isEqualTo("cluster-session-1");
		String ping = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}";
		assertThat(send(clientB, other, ping, session).getStatus().value()).as("another key on B").isEqualTo(404);
		assertThat(send(clientB, owner, ping, session).getStatus().value()).as("the owner on B").isEqualTo(200);
	}

	@Test
	@Order(8)
	void keyCreatedWithTheCommandLineOnTheClusterThenWorksThroughBothInstances() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exit = KeyCommandLine.run(new String[] { "create", "--organization-id", "org_cluster_cli", "--mode", "live",
				"--spring.data.redis.cluster.nodes=" + redis.nodes() }, new ByteArrayInputStream(new byte[0]),
				new PrintStream(out, true), new PrintStream(err, true));
		assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
		String key = (String) JsonMapper.builder().build().readValue(out.toString(StandardCharsets.UTF_8), Map.class).get("key");
		KeyPropagation.assertStatusThroughEach(200, key, clientA, clientB);
	}

	/**
	 * Kills, one after the other, the node each instance's key-event subscription is on (a master,
	 * holding a third of the key records) while requests run, waiting for its replica to take over and
	 * starting it again (as a replica) before the next.
	 */
	@Test
	@Order(9)
	void nodesKilledDuringTrafficThen200Or503AndEverythingWorksAgainByItself() throws InterruptedException {
		List<Map<String, Object>> before = createKeysBefore("org_cluster_failover", 30);
		redis.awaitReplicasInSync();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger sent = new AtomicInteger();
		Thread traffic = new Thread(() -> {
			while (running.get()) {
				int n = sent.getAndIncrement();
				String key = (String) before.get(n % before.size()).get("key");
				int status;
				try {
					status = status(n % 2 == 0 ? clientA : clientB, key);
				}
				catch (RuntimeException ex) { // no answer at all (counted as -1)
					status = -1;
				}
				statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
			}
		});
		traffic.start();
		try {
			List<Integer> killed = new ArrayList<>();
			for (int round = 0; round < 2; round++) {
				int victim = redis.subscribedNodes("mcp-edge:key-events").stream().filter(port -> !killed.contains(port))
					.findFirst().orElseGet(() -> redis.masterOf("mcp-edge:key:" + before.get(0).get("id")));
				long records = before.stream().filter(key -> redis.masterOf("mcp-edge:key:" + key.get("id")) == victim).count();
				boolean master = redis.isMaster(victim);
				killed.add(victim);
				long killedAt = System.nanoTime();
				int refusedBefore = statuses.getOrDefault(503, new AtomicInteger()).get();
				redis.kill(victim);
				Duration failover = redis.awaitHealthy(Duration.ofSeconds(20));
				timeUntil(Duration.ofSeconds(20), () -> everyKeyReadableThroughBoth(before) && createKeyQuietly() != null);
				System.out.printf("killed %s %d (%d of the key records): cluster healthy after %d ms, service after %d ms, %d 503s%n",
						master ? "master" : "replica", victim, records, failover.toMillis(),
						Duration.ofNanos(System.nanoTime() - killedAt).toMillis(),
						statuses.getOrDefault(503, new AtomicInteger()).get() - refusedBefore);
				redis.restart(victim);
			}
		}
		finally {
			running.set(false);
			traffic.join();
		}
		System.out.printf("statuses %s of %d requests%n", statuses, sent.get());
		assertThat(statuses.keySet()).as("only 200 or 503").isSubsetOf(200, 503);

		for (Map<String, Object> key : before) {
			assertThat(admin(clientB, HttpMethod.GET, "/admin/keys/" + key.get("id"), null).get("status")).isEqualTo("active");
		}
		revokeReachesBWithinOneSecond();
		revokeReachesAWithinOneSecond();
	}

	/**
	 * Freezes (SIGSTOP) the node a key-event subscription is on, as a frozen machine or a network
	 * partition would: no connection to it breaks, nothing answers. Its replica takes over; key changes
	 * keep reaching both instances.
	 */
	@Test
	@Order(10)
	void subscriptionNodeFrozenThenKeyChangesStillReachEveryInstance() throws InterruptedException {
		List<Map<String, Object>> before = createKeysBefore("org_cluster_freeze", 10);
		redis.awaitReplicasInSync();
		// a master if a subscription is on one (its slots fail over too); after the kills of the test before,
		// both subscriptions may be on replicas, whose freezing silences a subscription just the same
		List<Integer> subscribed = redis.subscribedNodes("mcp-edge:key-events");
		assertThat(subscribed).isNotEmpty();
		int victim = subscribed.stream().filter(redis::isMaster).findFirst().orElse(subscribed.get(0));
		long frozenAt = System.nanoTime();
		redis.freeze(victim);
		Duration failover = redis.awaitHealthy(Duration.ofSeconds(20));
		timeUntil(Duration.ofSeconds(60), () -> everyKeyReadableThroughBoth(before));
		// the subscription on the frozen node hears nothing, and is made again on a running node
		timeUntil(Duration.ofSeconds(15), () -> redis.subscriptions("mcp-edge:key-events") == 2);
		System.out.printf("froze %d: cluster healthy after %d ms, service and both subscriptions after %d ms%n", victim,
				failover.toMillis(), Duration.ofNanos(System.nanoTime() - frozenAt).toMillis());
		revokeReachesBWithinOneSecond();
		revokeReachesAWithinOneSecond();
		redis.kill(victim);
		redis.restart(victim);
	}

	private static boolean everyKeyReadableThroughBoth(List<Map<String, Object>> keys) {
		return keys.stream().allMatch(key -> List.of(clientA, clientB).stream().allMatch(client -> client.get()
			.uri("/admin/keys/" + key.get("id")).header("Authorization", "Bearer " + TOKEN)
			.exchange().returnResult(Void.class).getStatus().value() == 200));
	}

	private static Object createKeyQuietly() {
		var result = clientA.post().uri("/admin/keys").header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("organizationId", "org_cluster_failover"))
			.exchange().expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			}).returnResult();
		return result.getStatus().value() == 201 ? result.getResponseBody().get("key") : null;
	}
}
