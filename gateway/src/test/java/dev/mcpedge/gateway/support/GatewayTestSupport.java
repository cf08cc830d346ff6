package dev.mcpedge.gateway.support;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.mcpedge.testing.MutableClock;

/**
 * The gateway on a random port against a real redis-server and a {@link TestBackend} (see
 * {@link EdgeIntegrationTest}), with a {@link MutableClock}. Subclasses share one application context,
 * so each test starts with the backend and the clock reset.
 */
@EdgeIntegrationTest(properties = { "mcp-edge.public-url=https://mcp.example.com/edge",
		"mcp-edge.admin.token=" + GatewayTestSupport.ADMIN_TOKEN,
		// these tests count Redis commands; rate limiting (its own tests) would add some
		"mcp-edge.rate-limits.enabled=false" })
@Import(MutableClock.Config.class)
public abstract class GatewayTestSupport {

	public static final String ADMIN_TOKEN = "test-admin-token-0123456789";

	@Autowired
	protected TestBackend backend;

	@LocalServerPort
	protected int port;

	protected WebTestClient client;

	protected AdminClient admin;

	@Autowired
	protected MutableClock clock;

	@BeforeEach
	void resetBackendAndClient() {
		backend.resetAll();
		clock.reset();
		client = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
		admin = new AdminClient(client, ADMIN_TOKEN);
	}

	/** Creates a key through the admin API; returns the response body (with {@code key} and {@code id}). */
	protected Map<String, Object> createKey(Map<String, Object> request) {
		return admin.createKey(request);
	}

	protected Map<String, Object> createKey(String organizationId, String mode, List<String> organizations) {
		return createKey(Map.of("name", "test", "organizationId", organizationId, "mode", mode, "organizations",
				organizations));
	}
}
