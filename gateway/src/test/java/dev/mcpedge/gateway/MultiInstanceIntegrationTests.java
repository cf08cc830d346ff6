package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.Poll;
import dev.mcpedge.gateway.support.TestBackend;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway instances on one real redis-server: a change made through A reaches B's cache within
 * a second, after B had the key cached.
 */
class MultiInstanceIntegrationTests {

	private static final String TOKEN = "multi-admin-token-0123456789";

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN);

	private static final TestBackend backend = gateways.backend();

	private static WebTestClient clientA;

	private static WebTestClient clientB;

	@BeforeAll
	static void startTwoInstances() {
		clientA = GatewayInstances.client(gateways.start());
		clientB = GatewayInstances.client(gateways.start());
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	private static Map<String, Object> admin(WebTestClient client, HttpMethod method, String path, Object body) {
		return new AdminClient(client, TOKEN).send(method, path, body);
	}

	private static int status(WebTestClient client, String key) {
		return McpClient.of(client).bearer(key).pingStatus();
	}

	/** How long it took until {@code condition} held, for at most five seconds. */
	private static Duration timeUntil(BooleanSupplier condition) throws InterruptedException {
		return Poll.timeUntil(Duration.ofSeconds(5), condition);
	}

	private static Map<String, Object> createKeyAndWarmB(Map<String, Object> request) {
		Map<String, Object> created = admin(clientA, HttpMethod.POST, "/admin/keys", request);
		assertThat(status(clientB, (String) created.get("key"))).isEqualTo(200);
		assertThat(status(clientB, (String) created.get("key"))).as("served from B's cache").isEqualTo(200);
		return created;
	}

	@Test
	void revokeThroughAWhenBHasKeyCachedThenBRefusesItWithinOneSecond() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String key = (String) created.get("key");
		admin(clientA, HttpMethod.POST, "/admin/keys/" + created.get("id") + "/revoke", null);
		assertThat(timeUntil(() -> status(clientB, key) == 401)).isLessThan(ONE_SECOND);
	}

	@Test
	void rollThroughAWithoutGraceThenBRefusesOldSecretWithinOneSecondAndTakesTheNew() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String oldKey = (String) created.get("key");
		String newKey = (String) admin(clientA, HttpMethod.POST, "/admin/keys/" + created.get("id") + "/roll", null).get("key");
		assertThat(timeUntil(() -> status(clientB, oldKey) == 401)).isLessThan(ONE_SECOND);
		assertThat(status(clientB, newKey)).isEqualTo(200);
	}

	@Test
	void rollThroughAWithGraceThenBKeepsOldSecretUntilGraceEndsThenRefusesItWithinOneSecond() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String oldKey = (String) created.get("key");
		long rolledAt = System.nanoTime();
		admin(clientA, HttpMethod.POST, "/admin/keys/" + created.get("id") + "/roll", Map.of("gracePeriod", "PT2S"));
		assertThat(status(clientB, oldKey)).as("within the grace period").isEqualTo(200);
		timeUntil(() -> status(clientB, oldKey) == 401);
		Duration refusedAfter = Duration.ofNanos(System.nanoTime() - rolledAt);
		assertThat(refusedAfter).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
	}

	@Test
	void scopeChangeThroughAThenBForwardsTheNewScopesWithinOneSecond() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi", "scopes", List.of("payments:read")));
		String key = (String) created.get("key");
		admin(clientA, HttpMethod.PATCH, "/admin/keys/" + created.get("id"), Map.of("scopes", List.of("refunds:write")));
		assertThat(timeUntil(() -> {
			backend.resetRequests();
			status(clientB, key);
			List<LoggedRequest> seen = backend.findAll(anyRequestedFor(anyUrl()));
			return !seen.isEmpty() && "refunds:write".equals(seen.get(0).getHeader("X-MCP-Edge-Scopes"));
		})).isLessThan(ONE_SECOND);
	}

	@Test
	void useOnBThenLastUsedAtVisibleThroughA() throws InterruptedException {
		Map<String, Object> created = createKeyAndWarmB(Map.of("organizationId", "org_multi"));
		String path = "/admin/keys/" + created.get("id");
		assertThat(timeUntil(() -> admin(clientA, HttpMethod.GET, path, null).get("lastUsedAt") != null))
			.isLessThan(Duration.ofMillis(2500));
	}

	@Test
	void createThroughAAfterBRefusedTheSecretAsUnknownThenBAcceptsItAtOnce() throws InterruptedException {
		String secret = "imported-on-a-" + System.nanoTime();
		assertThat(status(clientB, secret)).isEqualTo(401); // B now remembers it as unknown
		admin(clientA, HttpMethod.POST, "/admin/keys/import", Map.of("key", secret, "organizationId", "org_multi", "mode", "test"));
		assertThat(timeUntil(() -> status(clientB, secret) == 200)).isLessThan(ONE_SECOND);
	}

	@Test
	void keyEventChannelWhenInstancesIdleThenAboutOneHeartbeatASecondWhateverTheirNumber() throws InterruptedException {
		// every gateway of this test JVM listens on the one redis-server: A, B and the contexts other classes left
		long before = TestRedis.calls("publish");
		Thread.sleep(6000);
		long heartbeats = TestRedis.calls("publish") - before;
		assertThat(heartbeats).as("heartbeats in 6 s").isBetween(3L, 9L);
		assertThat(TestRedis.subscribers("mcp-edge:key-events")).isGreaterThanOrEqualTo(2);
	}
}
