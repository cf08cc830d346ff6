package dev.mcpedge.gateway.dev.identity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.support.GatewayInstances;
import dev.mcpedge.gateway.support.TestRedis;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outside development mode an endpoint that accepts OAuth access tokens needs a trusted issuer: with
 * none, the gateway refuses to start and says what to set, rather than serve protected resource
 * metadata that names no authorization server.
 */
@ExtendWith(OutputCaptureExtension.class)
class OAuthWithoutIssuerIntegrationTests {

	/** Bare: each test gives the application exactly the settings it is about. */
	private static final GatewayInstances gateways = GatewayInstances.bare();

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void startWhenRedisConfiguredAndDefaultEndpointsAndNoIssuerThenFailsAndSaysWhatToSet(CapturedOutput output) {
		assertThatException().isThrownBy(() -> gateways.start("--server.port=0", "--spring.data.redis.url=" + TestRedis.url(),
				"--mcp-edge.backend.url=" + gateways.backend().mcpUrl()));
		assertThat(output.getOut()).contains("APPLICATION FAILED TO START")
			.contains("The OAuth endpoint /api/mcp/oauth accepts OAuth access tokens, but no authorization server is trusted")
			.contains("mcp-edge.oauth.issuers[0].issuer-uri")
			.contains("mcp-edge.endpoints[0].credentials=api-key")
			.doesNotContain("Development identity provider listening");
	}

	@Test
	void startWhenDevModeFalseAndOAuthEndpointsAndNoIssuerThenFailsNamingThem(CapturedOutput output) {
		assertThatException().isThrownBy(() -> gateways.start("--server.port=0", "--mcp-edge.dev-mode=false",
				"--spring.data.redis.url=" + TestRedis.url(), "--mcp-edge.backend.url=" + gateways.backend().mcpUrl(),
				"--mcp-edge.endpoints[0].path=/mcp", "--mcp-edge.endpoints[0].credentials=api-key,oauth",
				"--mcp-edge.endpoints[1].path=/mcp/oauth", "--mcp-edge.endpoints[1].credentials=oauth"));
		assertThat(output.getOut())
			.contains("The OAuth endpoints /mcp, /mcp/oauth accept OAuth access tokens, but no authorization server is trusted");
	}
}
