package dev.mcpedge.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.AdminClient;
import dev.mcpedge.gateway.support.EdgeIntegrationTest;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.RawHttp;
import dev.mcpedge.gateway.support.TestBackend;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator's own list of hop-by-hop headers, in Spring Cloud Gateway's setting
 * {@code spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.headers}, replaces the default
 * list as it does with Spring Cloud Gateway's filter: a header added to it (in any spelling) reaches
 * neither the backend nor the client, and a default one left out of it passes, except HTTP/1.1's own
 * hop-by-hop headers and the proxy credentials, which a list that names only one header of its own
 * does not let through. (The default list is held to in {@link TransportAttacksIntegrationTests}.)
 */
@EdgeIntegrationTest(properties = { "mcp-edge.public-url=https://mcp.example.com",
		"mcp-edge.admin.token=" + HopByHopSettingIntegrationTests.ADMIN,
		"spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.headers=X-Internal-Hop" })
class HopByHopSettingIntegrationTests {

	static final String ADMIN = "hop-by-hop-admin-token-0123456789";

	@Autowired
	TestBackend backend;

	@LocalServerPort
	int port;

	@BeforeEach
	void resetBackend() {
		backend.resetAll();
	}

	@Test
	void requestHeaderInTheOperatorsListThenNotPassedToTheBackend() throws Exception {
		backend.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody(McpJson.EMPTY_RESULT)));
		Map<String, String> headers = request();
		headers.put("x-INTERNAL-hop", "10.1.2.3");
		headers.put("Keep-Alive", "timeout=5");
		headers.put("Proxy-Authorization", "Basic cHJveHk6c2VjcmV0");
		headers.put("X-Application-Context", "client:1");
		headers.put("X-Client-Header", "kept");

		assertThat(RawHttp.exchange(port, "POST", "/api/mcp", headers, McpJson.PING).status()).isEqualTo(200);

		LoggedRequest received = backend.onlyRequest();
		assertThat(received.containsHeader("X-Internal-Hop")).as("added by the operator").isFalse();
		assertThat(received.containsHeader("Keep-Alive")).as("HTTP/1.1 hop-by-hop, always removed").isFalse();
		assertThat(received.containsHeader("Proxy-Authorization")).as("a proxy credential, always removed").isFalse();
		assertThat(received.getHeader("X-Application-Context")).as("left out of the operator's list").isEqualTo("client:1");
		assertThat(received.getHeader("X-Client-Header")).isEqualTo("kept");
	}

	@Test
	void responseHeaderInTheOperatorsListThenNotPassedToTheClient() throws Exception {
		backend.stubFor(any(anyUrl()).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withHeader("X-Internal-Hop", "backend-7")
			.withHeader("Keep-Alive", "timeout=600")
			.withHeader("X-Application-Context", "backend:1")
			.withHeader("X-Backend-Header", "kept")
			.withBody(McpJson.EMPTY_RESULT)));

		RawHttp.Response response = RawHttp.exchange(port, "POST", "/api/mcp", request(), McpJson.PING);

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.header("X-Internal-Hop")).as("added by the operator").isNull();
		assertThat(response.header("Keep-Alive")).as("HTTP/1.1 hop-by-hop, always removed").isNull();
		assertThat(response.header("X-Application-Context")).as("left out of the operator's list").isEqualTo("backend:1");
		assertThat(response.header("X-Backend-Header")).isEqualTo("kept");
	}

	/** Headers of a request with a fresh test key and a JSON body; more can be added. */
	private Map<String, String> request() {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Authorization", "Bearer " + AdminClient.of(port, ADMIN).key("org_hop_setting", "test"));
		headers.put("Content-Type", "application/json");
		return headers;
	}
}
