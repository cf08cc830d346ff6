package dev.mcpedge.gateway.dev;

import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** One command with nothing configured: embedded Redis, demo MCP server, printed keys that work. */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentDefaultsIntegrationTests {

	private static final String INITIALIZE = """
			{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
			"clientInfo":{"name":"test","version":"1"}}}""";

	@Test
	void runWhenNothingConfiguredThenPrintedKeysAndAdminTokenWorkAndEverythingStopsWithTheApplication(
			CapturedOutput output) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(McpEdgeApplication.class)
			.run("--server.port=0");
		EmbeddedRedisServer redis = context.getBean(EmbeddedRedisServer.class);
		DemoMcpServer demo = context.getBean(DemoMcpServer.class);
		try {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			WebTestClient client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
			String testKey = printed(output, "test key: (mcp_test_\\S+)");
			String liveKey = printed(output, "live key: (mcp_live_\\S+)");
			String adminToken = printed(output, "Admin token: (\\S+)");
			assertThat(redis.isRunning()).isTrue();

			for (Map.Entry<String, String> key : Map.of(testKey, "test", liveKey, "live").entrySet()) {
				String session = client.post().uri("/api/mcp").header("Authorization", "Bearer " + key.getKey())
					.accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM)
					.contentType(MediaType.APPLICATION_JSON).bodyValue(INITIALIZE)
					.exchange()
					.expectStatus().isOk()
					.expectBody().jsonPath("$.result.serverInfo.name").isEqualTo("mcp-edge-demo")
					.returnResult().getResponseHeaders().getFirst("Mcp-Session-Id");
				client.post().uri("/api/mcp").header("Authorization", "Bearer " + key.getKey())
					.header("Mcp-Session-Id", session)
					.accept(MediaType.APPLICATION_JSON)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\",\"arguments\":{}}}")
					.exchange()
					.expectStatus().isOk()
					.expectBody().jsonPath("$.result.content[0].text")
					.value(text -> assertThat((String) text).contains("\"x-mcp-edge-mode\" : \"" + key.getValue() + "\"")
						.contains("\"x-mcp-edge-organization-id\" : \"org_demo\""));
			}

			client.get().uri("/admin/keys?organizationId=org_demo").header("Authorization", "Bearer " + adminToken)
				.exchange()
				.expectStatus().isOk()
				.expectBody().jsonPath("$.data[*].mode").value(modes -> assertThat((List<?>) modes).hasSize(2));
		}
		finally {
			context.close();
		}
		assertThat(redis.isRunning()).as("embedded redis-server stopped with the application").isFalse();
		assertThatExceptionOfType(ConnectException.class).as("demo MCP server stopped with the application")
			.isThrownBy(() -> new Socket("127.0.0.1", demo.uri().getPort()).close());
	}

	private static String printed(CapturedOutput output, String pattern) {
		Matcher m = Pattern.compile(pattern).matcher(output.getOut());
		assertThat(m.find()).as("printed: " + pattern).isTrue();
		return m.group(1);
	}
}
