package dev.mcpedge.gateway.support;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stub MCP server for tests: WireMock on a free loopback port, started on creation. It is a
 * {@link WireMockServer}, so tests stub and verify it as usual; the few answers almost every test
 * needs have a name here.
 */
public final class TestBackend extends WireMockServer {

	public TestBackend() {
		super(options().dynamicPort().bindAddress("127.0.0.1"));
		start();
	}

	/** {@code http://127.0.0.1:<port>} followed by {@code path}. */
	public String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	/** The MCP endpoint the gateway is pointed at: {@code /mcp} on this server. */
	public String mcpUrl() {
		return url("/mcp");
	}

	/** Answers every POST with 200 and this JSON body. */
	public TestBackend answersJson(String json) {
		stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json").withBody(json)));
		return this;
	}

	/** Answers every POST with an empty JSON-RPC result for id 1. */
	public TestBackend answersEmptyResult() {
		return answersJson(McpJson.EMPTY_RESULT);
	}

	/** Every request received since the last reset, oldest first. */
	public List<LoggedRequest> received() {
		return findAll(anyRequestedFor(anyUrl()));
	}

	/** The one request received since the last reset; fails the test unless there was exactly one. */
	public LoggedRequest onlyRequest() {
		List<LoggedRequest> all = received();
		assertThat(all).as("requests the backend received").hasSize(1);
		return all.get(0);
	}

	/** Forgets every stub and request, then answers every POST with an empty JSON-RPC result. */
	public TestBackend resetToEmptyResult() {
		resetAll();
		return answersEmptyResult();
	}
}
