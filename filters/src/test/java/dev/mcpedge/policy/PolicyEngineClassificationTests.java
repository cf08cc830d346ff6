package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** Which called tools write: classified by the configuration once, when the body is read, else by the backend's hints. */
class PolicyEngineClassificationTests {

	private final PolicyEngine engine = new PolicyEngine(new PolicySettings(List.of("get_*"),
			List.of("create_*"), Map.of(), true, "api_test_mode", DataSize.ofMegabytes(1), List.of(),
			DataSize.ofMegabytes(8)), false);

	private static final EdgeIdentity oauth = new EdgeIdentity(AuthMethod.OAUTH, "user", "org", List.of(), true, null);

	private static String call(int id, String tool) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\"}}";
	}

	private PolicyEngine.Parsed read(String body) {
		return (PolicyEngine.Parsed) engine.read(body.getBytes(StandardCharsets.UTF_8), null, null);
	}

	@Test
	void readWhenABatchCallsToolsThenEachClassifiedOnceAndOnlyTheUnknownOnesLeftForTheBackend() {
		PolicyEngine.Parsed parsed = read("[" + call(1, "get_a") + "," + call(2, "create_b") + "," + call(3, "mystery") + ","
				+ call(4, "mystery") + "," + call(5, "get_a") + "]");
		assertThat(parsed.configuredReadOnly()).containsOnly(Map.entry("get_a", true), Map.entry("create_b", false));
		assertThat(parsed.unclassifiedTools()).containsExactly("mystery");
	}

	@Test
	void decideWhenReadOnlyByConfigurationThenNotAWriteCallWhateverTheBackendSays() {
		PolicyEngine.Parsed parsed = read(call(1, "get_a"));
		PolicyEngine.Outcome outcome = engine.decide(parsed, oauth, BearerChallenge.realm("mcp-edge"), Map.of("get_a", false));
		assertThat(((PolicyEngine.Forward) outcome).writeCall()).isFalse();
	}

	@Test
	void decideWhenUnclassifiedThenTheBackendsHintDecidesAndUnknownWrites() {
		BearerChallenge challenge = BearerChallenge.realm("mcp-edge");
		assertThat(((PolicyEngine.Forward) engine.decide(read(call(1, "mystery")), oauth, challenge, Map.of("mystery", true)))
			.writeCall()).isFalse();
		assertThat(((PolicyEngine.Forward) engine.decide(read(call(1, "mystery")), oauth, challenge, Map.of())).writeCall())
			.isTrue();
	}
}
