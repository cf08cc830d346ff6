package dev.mcpedge.gateway.dev;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.McpEdgeApplication;
import dev.mcpedge.gateway.demo.DemoMcpServer;
import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@code mcp-edge.dev-mode}: a production setting never lands on the throw-away embedded Redis
 * unless asked for, and {@code false} turns every development default off.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentModeIntegrationTests {

	/** Bare: each test gives the application exactly the settings it is about. */
	private static final GatewayInstances gateways = GatewayInstances.bare();

	private static final TestBackend backend = gateways.backend();

	@AfterAll
	static void stop() {
		gateways.close();
	}

	private static String backendUrl() {
		return backend.mcpUrl();
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
		try (ConfigurableApplicationContext context = gateways.start("--server.port=0", "--mcp-edge.dev-mode=true",
				"--mcp-edge.backend.url=" + backendUrl())) {
			assertThat(context.getBeanProvider(EmbeddedRedisServer.class).getIfAvailable()).isNotNull();
			assertThat(context.getBeanProvider(DemoMcpServer.class).getIfAvailable()).as("no demo server: the backend is set")
				.isNull();
			assertThat(output.getOut()).contains("Embedded Redis is running (nothing is persisted); the backend is " + backendUrl());
			Matcher key = Pattern.compile("live key: (mcp_live_\\S+)").matcher(output.getOut());
			assertThat(key.find()).isTrue();

			GatewayInstances.mcp(context).bearer(key.group(1)).acceptingStreams().ping().expectStatus().isOk();
			backend.verify(postRequestedFor(urlEqualTo("/mcp")).withHeader("X-MCP-Edge-Organization-Id", equalTo("org_demo")));
		}
	}

	@Test
	void startWhenDevModeFalseThenNoEmbeddedRedisNoDemoServerAndBootsOwnRedisDefault(CapturedOutput output) {
		try (ConfigurableApplicationContext context = gateways.start("--server.port=0", "--mcp-edge.dev-mode=false",
				"--mcp-edge.backend.url=" + backendUrl(), "--mcp-edge.endpoints[0].path=/api/mcp",
				"--mcp-edge.endpoints[0].credentials=api-key")) {
			assertThat(context.getBeanProvider(EmbeddedRedisServer.class).getIfAvailable()).isNull();
			assertThat(context.getBeanProvider(DemoMcpServer.class).getIfAvailable()).isNull();
			assertThat(output.getOut()).contains("Redis in use: standalone, localhost:6379 database 0")
				.doesNotContain("mcp-edge development defaults");
		}
		assertThatException().as("no backend and no demo server")
			.isThrownBy(() -> new SpringApplicationBuilder(McpEdgeApplication.class).run("--server.port=0",
					"--mcp-edge.dev-mode=false", "--spring.data.redis.url=redis://127.0.0.1:1",
					"--mcp-edge.endpoints[0].path=/api/mcp", "--mcp-edge.endpoints[0].credentials=api-key"))
			.withStackTraceContaining("mcp-edge.backend.url must be set");
	}
}
