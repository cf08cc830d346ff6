package dev.mcpedge.gateway.support;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;

import dev.mcpedge.gateway.McpEdgeApplication;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * The gateway on a random port against a real redis-server and a WireMock backend. Subclasses
 * share one application context.
 */
@SpringBootTest(classes = McpEdgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "mcp-edge.public-url=https://mcp.example.com/edge",
				"mcp-edge.admin.token=" + GatewayTestSupport.ADMIN_TOKEN,
				// these tests count Redis commands; rate limiting (its own tests) would add some
				"mcp-edge.rate-limits.enabled=false" })
@Import(MutableClock.Config.class)
public abstract class GatewayTestSupport {

	public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

	protected static final WireMockServer backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	static {
		backend.start();
	}

	@LocalServerPort
	protected int port;

	protected WebTestClient client;

	@Autowired
	protected MutableClock clock;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", TestRedis::url);
		registry.add("mcp-edge.backend.url", () -> "http://127.0.0.1:" + backend.port() + "/mcp");
	}

	@BeforeEach
	void resetBackendAndClient() {
		backend.resetAll();
		clock.reset();
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
	}

	/** Creates a key through the admin API; returns the response body (with {@code key} and {@code id}). */
	protected Map<String, Object> createKey(Map<String, Object> request) {
		return client.post()
			.uri("/admin/keys")
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	protected Map<String, Object> createKey(String organizationId, String mode, List<String> organizations) {
		return createKey(Map.of("name", "test", "organizationId", organizationId, "mode", mode, "organizations",
				organizations));
	}
}
