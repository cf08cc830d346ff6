package dev.mcpedge.policy;

import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.jsonrpc.JsonRpcMessage;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the JSON-RPC reader and the policy together (Jazzer). For any body:
 * nothing throws past the error mapping; what is forwarded is again a body the strict reader
 * accepts, with the same messages; every forwarded tool call carries a boolean test mode; and a
 * test key never forwards live mode.
 */
class PolicyEngineFuzzTests {

	private static final PolicyEngine engine = new PolicyEngine(new PolicySettings(List.of("get_*"),
			List.of("create_*"), Map.of("get_*", List.of("p:read"), "create_*", List.of("p:write")), false,
			"api_test_mode", DataSize.ofMegabytes(1), List.of(), DataSize.ofMegabytes(8)));

	private static final BearerChallenge challenge = BearerChallenge.realm("mcp-edge");

	private static final EdgeIdentity testKey = new EdgeIdentity(AuthMethod.API_KEY, "key_t", "org", List.of(), true, Mode.TEST);

	private static final EdgeIdentity liveKey = new EdgeIdentity(AuthMethod.API_KEY, "key_l", "org", List.of(), true, Mode.LIVE);

	private static final EdgeIdentity oauth = new EdgeIdentity(AuthMethod.OAUTH, "user", "org", List.of("p:write"), false, null);

	@FuzzTest(maxDuration = "40s")
	void anyBodyWhenEvaluatedThenNeverThrowsAndForwardsOnlyStrictBodiesWithTestModeSet(FuzzedDataProvider data) {
		int caller = data.consumeInt(0, 2);
		boolean learnedReadOnly = data.consumeBoolean();
		byte[] body = data.consumeRemainingAsBytes();
		EdgeIdentity identity = caller == 0 ? testKey : caller == 1 ? liveKey : oauth;

		PolicyEngine.Outcome read = engine.read(body, null, null);
		if (read instanceof PolicyEngine.Answer) {
			return;
		}
		PolicyEngine.Parsed parsed = (PolicyEngine.Parsed) read;
		Map<String, Boolean> hints = learnedReadOnly
				? parsed.unclassifiedTools().stream().distinct().collect(java.util.stream.Collectors.toMap(t -> t, t -> true))
				: Map.of();
		PolicyEngine.Outcome outcome = engine.decide(parsed, identity, challenge, hints);
		if (!(outcome instanceof PolicyEngine.Forward forward)) {
			return;
		}
		PolicyEngine.Outcome again = engine.read(forward.body(), null, null);
		assertThat(again).as("a forwarded body is strict JSON-RPC").isInstanceOf(PolicyEngine.Parsed.class);
		List<JsonRpcMessage> sent = ((PolicyEngine.Parsed) again).body().messages();
		assertThat(sent).hasSameSizeAs(parsed.body().messages());
		for (JsonRpcMessage message : sent) {
			if (message.isToolCall()) {
				assertThat(message.testMode()).as("test mode decided").isIn(JsonRpcMessage.TestMode.TRUE, JsonRpcMessage.TestMode.FALSE);
				if (identity == testKey) {
					assertThat(message.testMode()).as("a test key never reaches live data").isEqualTo(JsonRpcMessage.TestMode.TRUE);
				}
			}
		}
	}
}
