package dev.mcpedge.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.NewApiKey;
import dev.mcpedge.identity.Mode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SSE through the gateway against a real streaming backend: the first event reaches the client
 * while the backend is still sending, a client that goes away cancels the backend request, and a
 * stream idle for longer than {@code sse-idle-timeout} is ended on both sides.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=https://mcp.example.com", "mcp-edge.backend.sse-idle-timeout=2s",
				// API keys only: an OAuth endpoint would need a trusted issuer
				"mcp-edge.endpoints[0].path=/api/mcp", "mcp-edge.endpoints[0].credentials=api-key" })
class SseStreamingIntegrationTests {

	private static final ParameterizedTypeReference<ServerSentEvent<String>> EVENT = new ParameterizedTypeReference<>() {
	};

	/** Completed by a test to let the backend send its second event. */
	private static volatile CompletableFuture<String> secondEvent = new CompletableFuture<>();

	/** Counted down when the backend sees its response stream cancelled. */
	private static volatile CountDownLatch backendCancelled = new CountDownLatch(1);

	private static final DisposableServer streamingBackend = HttpServer.create()
		.host("127.0.0.1")
		.port(0)
		.route(routes -> routes.post("/mcp", (request, response) -> request.receive().then()
			.thenMany(response.header("Content-Type", "text/event-stream")
				.sendString(Flux.concat(Mono.just("id: 1\nevent: message\ndata: first\n\n"),
						Mono.fromFuture(() -> secondEvent).map(data -> "id: 2\nevent: message\ndata: " + data + "\n\n"))
					.doOnCancel(() -> backendCancelled.countDown())))))
		.bindNow();

	@LocalServerPort
	int port;

	@Autowired
	ApiKeyAdministration apiKeys;

	private String key;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + streamingBackend.port() + "/mcp");
	}

	@AfterAll
	static void stopBackend() {
		streamingBackend.disposeNow();
	}

	@BeforeEach
	void newKeyAndGates() {
		secondEvent = new CompletableFuture<>();
		backendCancelled = new CountDownLatch(1);
		key = apiKeys.create(new NewApiKey("sse", "org_sse", List.of(), List.of(), Mode.TEST, null, null, Map.of()))
			.block(Duration.ofSeconds(5))
			.secret();
	}

	private Flux<ServerSentEvent<String>> stream() {
		return WebClient.create("http://127.0.0.1:" + port)
			.post()
			.uri("/api/mcp")
			.header("Authorization", "Bearer " + key)
			.accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_JSON)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"slow\"}}")
			.retrieve()
			.bodyToFlux(EVENT);
	}

	@Test
	void postWhenBackendStreamsThenFirstEventArrivesBeforeBackendSendsTheSecond() {
		// The backend sends its second event only after the client has seen the first: a gateway that
		// buffered the response would deadlock here and time out.
		StepVerifier.create(stream())
			.assertNext(event -> {
				assertThat(event.data()).isEqualTo("first");
				assertThat(event.id()).isEqualTo("1");
				assertThat(secondEvent).isNotDone();
				secondEvent.complete("second");
			})
			.assertNext(event -> assertThat(event.data()).isEqualTo("second"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void streamWhenBackendSilentLongerThanTheIdleTimeoutThenEndedForClientAndBackend() throws InterruptedException {
		long start = System.nanoTime();
		StepVerifier.create(stream())
			.assertNext(event -> assertThat(event.data()).isEqualTo("first"))
			.expectComplete() // the second event never comes: the edge ends the stream normally
			.verify(Duration.ofSeconds(10));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended by the 2 s idle timeout")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(backendCancelled.await(5, TimeUnit.SECONDS)).as("backend connection closed").isTrue();
	}

	@Test
	void postWhenClientDisconnectsMidStreamThenBackendRequestIsCancelled() throws InterruptedException {
		StepVerifier.create(stream().take(1))
			.assertNext(event -> assertThat(event.data()).isEqualTo("first"))
			.expectComplete()
			.verify(Duration.ofSeconds(10));
		assertThat(backendCancelled.await(5, TimeUnit.SECONDS)).as("backend saw the cancellation").isTrue();
	}
}
