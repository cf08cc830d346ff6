package dev.mcpedge.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.Poll;
import dev.mcpedge.gateway.support.TestRedis;
import dev.mcpedge.gateway.support.TestIssuer;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Open SSE streams end when their key stops allowing them: two gateway instances on one real
 * redis-server in front of a streaming backend that sends one event and then holds the stream open.
 * A revoked, narrowed or expired key's streams end cleanly for the client within a second on both
 * instances and the backend sees its response cancelled; another key's stream goes on. An access
 * token's stream ends at its {@code exp}.
 */
class StreamRevocationIntegrationTests {

	private static final String TOKEN = "stream-admin-token-0123456789";

	private static final Duration ONE_SECOND = Duration.ofSeconds(1);

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	/** Per principal (key id), completed when the backend sees one of its streams cancelled. */
	private static final Map<String, CompletableFuture<Void>> cancelled = new ConcurrentHashMap<>();

	private static final DisposableServer streamingBackend = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route(routes -> routes.get("/mcp", StreamRevocationIntegrationTests::stream)
			.post("/mcp", (request, response) -> request.receive().then().thenMany(stream(request, response))))
		.bindNow();

	private static final TestIssuer issuer = new TestIssuer();

	private static final GatewayInstances gateways = new GatewayInstances(TOKEN)
		.set("mcp-edge.backend.url", "http://127.0.0.1:" + streamingBackend.port() + "/mcp");

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void startTwoInstances() {
		a = instance();
		b = instance();
	}

	@AfterAll
	static void stop() {
		gateways.close();
		streamingBackend.disposeNow();
		issuer.close();
	}

	private static org.reactivestreams.Publisher<Void> stream(HttpServerRequest request, HttpServerResponse response) {
		String principal = request.requestHeaders().get("X-MCP-Edge-Principal");
		CompletableFuture<Void> done = cancelled.computeIfAbsent(principal, p -> new CompletableFuture<>());
		return response.header("Content-Type", "text/event-stream")
			.sendString(Flux.concat(Mono.just("id: 1\nevent: message\ndata: first\n\n"), Flux.never())
				.doOnCancel(() -> done.complete(null)));
	}

	private static ConfigurableApplicationContext instance() {
		return gateways.start("--mcp-edge.backend.sse-idle-timeout=1h", "--mcp-edge.oauth.issuers[0].issuer-uri=" + issuer.id());
	}

	private static String url(ConfigurableApplicationContext context) {
		return GatewayInstances.url(context);
	}

	private static Map<String, Object> admin(ConfigurableApplicationContext instance, HttpMethod method, String path,
			Object body) {
		return gateways.admin(instance).send(method, path, body);
	}

	/** A client's SSE stream: its first event, and how it ended (normally, or with an error). */
	private record OpenStream(CompletableFuture<String> first, CompletableFuture<Long> endedAt,
			CompletableFuture<Throwable> failed, Disposable subscription) {

		static OpenStream of(Flux<ServerSentEvent<String>> events) {
			CompletableFuture<String> first = new CompletableFuture<>();
			CompletableFuture<Long> endedAt = new CompletableFuture<>();
			CompletableFuture<Throwable> failed = new CompletableFuture<>();
			Disposable subscription = events.subscribe(event -> first.complete(event.data()), failed::complete,
					() -> endedAt.complete(System.nanoTime()));
			OpenStream stream = new OpenStream(first, endedAt, failed, subscription);
			assertThat(stream.first.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo("first");
			return stream;
		}

		/** How long after {@code since} (nanoTime) the stream ended normally, waiting at most five seconds. */
		Duration endedAfter(long since) {
			return endedAfter(since, Duration.ofSeconds(5));
		}

		/** How long after {@code since} (nanoTime) the stream ended normally, waiting at most {@code limit}. */
		Duration endedAfter(long since, Duration limit) {
			long end = endedAt.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).join();
			assertThat(failed).as("ended cleanly, not with an error").isNotDone();
			return Duration.ofNanos(end - since);
		}
	}

	private static OpenStream get(ConfigurableApplicationContext instance, String key) {
		return get(instance, "/api/mcp", key);
	}

	private static OpenStream get(ConfigurableApplicationContext instance, String path, String key) {
		return OpenStream.of(WebClient.create(url(instance)).get().uri(path)
			.header("Authorization", "Bearer " + key)
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(EVENT));
	}

	private static OpenStream post(ConfigurableApplicationContext instance, String key) {
		return OpenStream.of(WebClient.create(url(instance)).post().uri("/api/mcp")
			.header("Authorization", "Bearer " + key)
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}")
			.retrieve()
			.bodyToFlux(EVENT));
	}

	private static Map<String, Object> createKey(Map<String, Object> request) {
		return admin(a, HttpMethod.POST, "/admin/keys", request);
	}

	@Test
	void revokeOnOneInstanceThenStreamsOfTheKeyEndOnBothWithinOneSecondAndOthersGoOn() {
		Map<String, Object> revoked = createKey(Map.of("organizationId", "org_streams", "mode", "test"));
		Map<String, Object> kept = createKey(Map.of("organizationId", "org_streams", "mode", "test"));
		OpenStream onA = get(a, (String) revoked.get("key"));
		OpenStream onB = get(b, (String) revoked.get("key"));
		OpenStream postOnB = post(b, (String) revoked.get("key"));
		OpenStream other = get(a, (String) kept.get("key"));

		admin(b, HttpMethod.POST, "/admin/keys/" + revoked.get("id") + "/revoke", null);
		long revokedAt = System.nanoTime();

		assertThat(onA.endedAfter(revokedAt)).as("stream on the other instance").isLessThan(ONE_SECOND);
		assertThat(onB.endedAfter(revokedAt)).as("stream on the revoking instance").isLessThan(ONE_SECOND);
		assertThat(postOnB.endedAfter(revokedAt)).as("SSE answer to a POST").isLessThan(ONE_SECOND);
		assertThat(cancelled.get(revoked.get("id")).orTimeout(5, TimeUnit.SECONDS))
			.as("the backend saw its streams cancelled").succeedsWithin(Duration.ofSeconds(5));
		assertThat(other.endedAt()).as("another key's stream goes on").isNotDone();
		assertThat(cancelled.get(kept.get("id"))).isNotDone();
		other.subscription().dispose();
	}

	/**
	 * An instance cut off from the key-change channel (its Redis user may no longer subscribe: it hears
	 * nothing, as in a partition) while another instance revokes a key: the revocation's message is lost
	 * for it. When it hears the channel again, it reads every key it has streams of again and ends the
	 * revoked key's stream; another key's stream goes on.
	 */
	@Test
	void revokedWhileAnInstanceHeardNoChangesThenItsStreamEndsWhenTheChannelIsHeardAgain() throws InterruptedException {
		TestRedis.user("edge_cut_off", "cut-off-password", true);
		ConfigurableApplicationContext cutOff = gateways.start("--mcp-edge.backend.sse-idle-timeout=1h",
				"--mcp-edge.oauth.issuers[0].issuer-uri=" + issuer.id(), "--spring.data.redis.url="
						+ TestRedis.url().replace("redis://", "redis://edge_cut_off:cut-off-password@"));
		Map<String, Object> revoked = createKey(Map.of("organizationId", "org_streams", "mode", "test"));
		Map<String, Object> kept = createKey(Map.of("organizationId", "org_streams", "mode", "test"));
		OpenStream stream = get(cutOff, (String) revoked.get("key"));
		OpenStream other = get(cutOff, (String) kept.get("key"));
		// the instance has heard heartbeats since it subscribed: it knows how many changes there were
		long published = TestRedis.calls("publish");
		Poll.timeUntil(Duration.ofSeconds(10), () -> TestRedis.calls("publish") >= published + 2);

		TestRedis.user("edge_cut_off", "cut-off-password", false);
		admin(b, HttpMethod.POST, "/admin/keys/" + revoked.get("id") + "/revoke", null);
		Thread.sleep(1500);
		assertThat(stream.endedAt()).as("the revocation was not heard").isNotDone();

		TestRedis.user("edge_cut_off", "cut-off-password", true);
		long heardAgainFrom = System.nanoTime();
		assertThat(stream.endedAfter(heardAgainFrom, Duration.ofSeconds(15))).as("ended once the channel is heard again")
			.isLessThan(Duration.ofSeconds(10));
		assertThat(other.endedAt()).as("another key's stream goes on").isNotDone();
		other.subscription().dispose();
		cutOff.close();
	}

	@Test
	void narrowingScopesThenStreamEndsAndWideningThenItGoesOn() throws InterruptedException {
		Map<String, Object> narrowed = createKey(Map.of("organizationId", "org_streams", "mode", "test", "scopes",
				List.of("payments:read", "refunds:write")));
		Map<String, Object> widened = createKey(Map.of("organizationId", "org_streams", "mode", "test", "scopes",
				List.of("payments:read")));
		OpenStream narrowedStream = get(b, (String) narrowed.get("key"));
		OpenStream widenedStream = get(b, (String) widened.get("key"));

		admin(a, HttpMethod.PATCH, "/admin/keys/" + widened.get("id"),
				Map.of("scopes", List.of("payments:read", "refunds:read")));
		admin(a, HttpMethod.PATCH, "/admin/keys/" + narrowed.get("id"), Map.of("scopes", List.of("payments:read")));
		long narrowedAt = System.nanoTime();

		assertThat(narrowedStream.endedAfter(narrowedAt)).isLessThan(ONE_SECOND);
		Thread.sleep(300);
		assertThat(widenedStream.endedAt()).as("a wider key keeps its stream").isNotDone();
		widenedStream.subscription().dispose();
	}

	@Test
	void keyExpiresThenItsStreamEndsThen() {
		Instant expiresAt = Instant.now().plusSeconds(2);
		Map<String, Object> expiring = createKey(Map.of("organizationId", "org_streams", "mode", "test", "expiresAt",
				expiresAt.toString()));
		long start = System.nanoTime();
		OpenStream stream = get(a, (String) expiring.get("key"));
		Duration ended = stream.endedAfter(start);
		assertThat(ended).isBetween(Duration.ofMillis(1000), Duration.ofMillis(3500));
		assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
	}

	@Test
	void accessTokenReachesItsExpThenItsStreamEnds() {
		Instant exp = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS); // exp has whole seconds
		String token = issuer.token("https://mcp.example.com/api/mcp/oauth",
				c -> c.subject("stream-user").expirationTime(Date.from(exp)));
		OpenStream stream = get(b, "/api/mcp/oauth", token);
		long start = System.nanoTime();
		Duration ended = stream.endedAfter(start);
		assertThat(Instant.now()).as("not before exp").isAfterOrEqualTo(exp.minusMillis(50));
		assertThat(ended).isLessThan(Duration.ofMillis(3500));
		assertThat(cancelled.get("stream-user")).succeedsWithin(Duration.ofSeconds(5));
	}
}
