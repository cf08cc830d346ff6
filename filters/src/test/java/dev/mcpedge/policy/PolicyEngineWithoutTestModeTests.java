package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** With test mode off, the engine forwards tool calls byte for byte, whatever they say of the argument. */
class PolicyEngineWithoutTestModeTests {

	private final PolicyEngine engine = new PolicyEngine(new PolicySettings(List.of("get_*"),
			List.of("create_*"), Map.of(), true, "api_test_mode", DataSize.ofMegabytes(1), List.of(),
			DataSize.ofMegabytes(8)), false);

	private static final EdgeIdentity liveKey = new EdgeIdentity(AuthMethod.API_KEY, "key_l", "org", List.of(), true, Mode.LIVE);

	private static final EdgeIdentity oauth = new EdgeIdentity(AuthMethod.OAUTH, "user", "org", List.of(), true, null);

	private PolicyEngine.Outcome decide(String body, EdgeIdentity identity) {
		PolicyEngine.Parsed parsed = (PolicyEngine.Parsed) engine.read(body.getBytes(StandardCharsets.UTF_8), null, null);
		return engine.decide(parsed, identity, BearerChallenge.realm("mcp-edge"), Map.of());
	}

	@Test
	void decideWhenTestModeOffThenEveryToolCallForwardedAsSentWithoutMode() {
		List<String> bodies = List.of(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"}}",
				"{ \"jsonrpc\":\"2.0\", \"id\":2, \"method\":\"tools/call\", \"params\":{ \"name\":\"create_refund\", \"arguments\":{} } }",
				"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\",\"arguments\":{\"api_test_mode\":true}}}",
				"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\",\"arguments\":{\"api_test_mode\":1}}}",
				"[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"mystery\"}}]");
		for (String body : bodies) {
			for (EdgeIdentity identity : List.of(liveKey, oauth)) {
				PolicyEngine.Outcome outcome = decide(body, identity);
				assertThat(outcome).as(body).isInstanceOf(PolicyEngine.Forward.class);
				PolicyEngine.Forward forward = (PolicyEngine.Forward) outcome;
				assertThat(new String(forward.body(), StandardCharsets.UTF_8)).isEqualTo(body);
				assertThat(forward.mode()).isNull();
			}
		}
	}

	@Test
	void decideWhenTestModeOffThenWriteCallsStillCountAsWrites() {
		PolicyEngine.Forward write = (PolicyEngine.Forward) decide(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\"}}", oauth);
		PolicyEngine.Forward read = (PolicyEngine.Forward) decide(
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\"}}", oauth);
		assertThat(write.writeCall()).isTrue();
		assertThat(read.writeCall()).isFalse();
	}
}
