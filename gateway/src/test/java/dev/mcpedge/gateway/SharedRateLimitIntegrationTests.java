package dev.mcpedge.gateway;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** Two gateway instances on one Redis admit the configured burst together, not twice it. */
class SharedRateLimitIntegrationTests {

	private static final String TOKEN = "shared-rl-admin-token-0123456789";

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	private static ConfigurableApplicationContext a;

	private static ConfigurableApplicationContext b;

	@BeforeAll
	static void start() {
		backend.start();
		backend.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
		a = instance();
		b = instance();
	}

	@AfterAll
	static void stop() {
		a.close();
		b.close();
		backend.stop();
	}

	private static ConfigurableApplicationContext instance() {
		return new SpringApplicationBuilder(McpEdgeApplication.class).run("--server.port=0",
				"--spring.data.redis.url=" + TestRedis.url(), "--mcp-edge.backend.url=http://127.0.0.1:" + backend.port() + "/mcp",
				"--mcp-edge.public-url=https://mcp.example.com", "--mcp-edge.admin.token=" + TOKEN,
				"--mcp-edge.rate-limits.default.replenish-rate=0.05", "--mcp-edge.rate-limits.default.burst-capacity=4");
	}

	private static WebTestClient client(ConfigurableApplicationContext context) {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort())
			.build();
	}

	private static WebTestClient.ResponseSpec ping(WebTestClient client, String key) {
		return client.post().uri("/api/mcp").header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").exchange();
	}

	@Test
	void keyWhenUsedThroughBothInstancesThenTheyShareOneBucket() {
		String key = (String) client(a).post().uri("/admin/keys").header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("organizationId", "org_shared_rl"))
			.exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("key");
		for (int i = 0; i < 4; i++) {
			ping(client(i % 2 == 0 ? a : b), key).expectStatus().isOk();
		}
		ping(client(a), key).expectStatus().isEqualTo(429);
		ping(client(b), key).expectStatus().isEqualTo(429).expectHeader().valueEquals("RateLimit-Remaining", "0");
	}
}
