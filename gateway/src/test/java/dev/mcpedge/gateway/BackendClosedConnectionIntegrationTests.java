package dev.mcpedge.gateway;

import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpClient;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backend that closes the connection without answering: the client gets 502 (a JSON-RPC error with
 * its id), the request is not sent again, and the log has a warning, not an error with a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
@EdgeIntegrationTest(properties = { "mcp-edge.public-url=https://mcp.example.com",
		"mcp-edge.admin.token=" + BackendClosedConnectionIntegrationTests.ADMIN })
class BackendClosedConnectionIntegrationTests {

	static final String ADMIN = "closed-admin-token-0123456789";

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	@BeforeEach
	void backendClosesWithoutAnswering() {
		backend.resetAll();
		backend.stubFor(post("/mcp").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
	}

	@Test
	void toolCallWhenBackendClosesTheConnectionThen502JsonRpcErrorWithTheIdSentOnce(CapturedOutput output) {
		String key = AdminClient.of(port, ADMIN).key("org_closed", "live");
		McpClient.of(port).bearer(key).acceptingStreams().send(McpJson.toolCall(9, "get_balance", "{}"))
			.expectStatus().isEqualTo(502)
			.expectBody().json("{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32000,"
					+ "\"message\":\"The MCP server closed the connection without answering\"}}", true);
		backend.verify(1, postRequestedFor(urlEqualTo("/mcp")));
		assertThat(output.getOut()).contains("Backend closed the connection without answering request")
			.doesNotContain("Unexpected error for request");
	}
}
