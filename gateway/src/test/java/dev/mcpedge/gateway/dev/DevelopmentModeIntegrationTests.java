package dev.mcpedge.gateway.dev;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.McpEdgeApplication;
import dev.mcpedge.gateway.demo.DemoMcpServer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code mcp-edge.dev-mode}: a production setting never lands on the throw-away embedded Redis
 * unless asked for, and {@code false} turns every development default off.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentModeIntegrationTests {

	private static final WireMockServer backend = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

	@BeforeAll
	static void startBackend() {
		backend.start();
		backend.stubFor(post("/mcp").willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}")));
	}

	@AfterAll
	static void stopBackend() {
		backend.stop();
	}

	private static String backendUrl() {
		return "http://127.0.0.1:" + backend.port() + "/mcp";
	}

	@Test
	void startWhenProductionSettingsAndNoRedisThenFailsAndSaysWhatToSet(CapturedOutput output) {
		for (String setting : new String[] { "--mcp-edge.backend.url=" + backendUrl(),
				"--mcp-edge.admin.token=dev-mode-admin-token-0123456789" }) {
			assertThatException().as(setting)
				.isThrownBy(() -> new SpringApplicationBuilder(McpEdgeApplication.class).run("--server.port=0", setting));
			String name = setting.substring(2, setting.indexOf('='));
			assertThat(output.getOut()).as(setting)
				.contains("APPLICATION FAILED TO START")
				.contains(name + " is set but no Redis is configured, so keys would live in a throw-away embedded Redis")
				.contains("spring.data.redis.url")
				.contains("set mcp-edge.dev-mode=true");
		}
		assertThat(output.getOut()).doesNotContain("mcp-edge development defaults").doesNotContain("Redis in use");
	}

	@Test
	void startWhenDevModeTrueAndBackendSetThenEmbeddedRedisAndDemoKeysServeThatBackend(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(McpEdgeApplication.class)
			.run("--server.port=0", "--mcp-edge.dev-mode=true", "--mcp-edge.backend.url=" + backendUrl())) {
			assertThat(context.getBeanProvider(EmbeddedRedisServer.class).getIfAvailable()).isNotNull();
			assertThat(context.getBeanProvider(DemoMcpServer.class).getIfAvailable()).as("no demo server: the backend is set")
				.isNull();
			assertThat(output.getOut()).contains("Embedded Redis is running (nothing is persisted); the backend is " + backendUrl());
			Matcher key = Pattern.compile("live key: (mcp_live_\\S+)").matcher(output.getOut());
			assertThat(key.find()).isTrue();

			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build()
				.post().uri("/api/mcp").header("Authorization", "Bearer " + key.group(1))
				.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM).contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")
				.exchange()
				.expectStatus().isOk();
			backend.verify(postRequestedFor(urlEqualTo("/mcp")).withHeader("X-MCP-Edge-Organization-Id", equalTo("org_demo")));
		}
	}

	@Test
	void startWhenDevModeFalseThenNoEmbeddedRedisNoDemoServerAndBootsOwnRedisDefault(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(McpEdgeApplication.class)
			.run("--server.port=0", "--mcp-edge.dev-mode=false", "--mcp-edge.backend.url=" + backendUrl())) {
			assertThat(context.getBeanProvider(EmbeddedRedisServer.class).getIfAvailable()).isNull();
			assertThat(context.getBeanProvider(DemoMcpServer.class).getIfAvailable()).isNull();
			assertThat(output.getOut()).contains("Redis in use: standalone, localhost:6379 database 0")
				.doesNotContain("mcp-edge development defaults");
		}
		assertThatException().as("no backend and no demo server")
			.isThrownBy(() -> new SpringApplicationBuilder(McpEdgeApplication.class).run("--server.port=0",
					"--mcp-edge.dev-mode=false", "--spring.data.redis.url=redis://127.0.0.1:1"))
			.withStackTraceContaining("mcp-edge.backend.url must be set");
	}
}
