package dev.mcpedge.policy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.jsonrpc.JsonRpcMessage;
import dev.mcpedge.jsonrpc.JsonRpcMessage.TestMode;

import static org.assertj.core.api.Assertions.assertThat;

class TestModeRuleTests {

	private final TestModeRule rule = new TestModeRule("api_test_mode");

	private static final EdgeIdentity TEST_KEY = new EdgeIdentity(AuthMethod.API_KEY, "k", "o", List.of(), true, Mode.TEST);

	private static final EdgeIdentity LIVE_KEY = new EdgeIdentity(AuthMethod.API_KEY, "k", "o", List.of(), true, Mode.LIVE);

	private static final EdgeIdentity OAUTH = new EdgeIdentity(AuthMethod.OAUTH, "u", "o", List.of(), true, null);

	private static JsonRpcMessage call(TestMode mode) {
		return new JsonRpcMessage("tools/call", "1", "create_refund", mode, 40, 60, false, false, 61, false);
	}

	@Test
	void decideWhenApiKeyThenModeFixedByTheKey() {
		assertThat(rule.decide(TEST_KEY, call(TestMode.ABSENT), false)).isEqualTo(new TestModeRule.Insert(true));
		assertThat(rule.decide(TEST_KEY, call(TestMode.TRUE), false)).isEqualTo(new TestModeRule.Keep(true));
		assertThat(rule.decide(TEST_KEY, call(TestMode.FALSE), true)).isInstanceOf(TestModeRule.Refuse.class);
		assertThat(rule.decide(LIVE_KEY, call(TestMode.ABSENT), true)).isEqualTo(new TestModeRule.Insert(false));
		assertThat(rule.decide(LIVE_KEY, call(TestMode.FALSE), false)).isEqualTo(new TestModeRule.Keep(false));
		assertThat(rule.decide(LIVE_KEY, call(TestMode.TRUE), false)).isInstanceOf(TestModeRule.Refuse.class);
	}

	@Test
	void decideWhenOAuthThenReadDefaultsToLiveAndWriteMustChoose() {
		assertThat(rule.decide(OAUTH, call(TestMode.ABSENT), true)).isEqualTo(new TestModeRule.Insert(false));
		assertThat(rule.decide(OAUTH, call(TestMode.TRUE), true)).isEqualTo(new TestModeRule.Keep(true));
		assertThat(rule.decide(OAUTH, call(TestMode.FALSE), false)).isEqualTo(new TestModeRule.Keep(false));
		assertThat(rule.decide(OAUTH, call(TestMode.ABSENT), false)).isInstanceOfSatisfying(TestModeRule.Refuse.class,
				refuse -> assertThat(refuse.text()).contains("create_refund").contains("explicitly"));
	}

	@Test
	void decideWhenNotBooleanThenRefusedForEveryone() {
		for (EdgeIdentity identity : List.of(TEST_KEY, LIVE_KEY, OAUTH)) {
			assertThat(rule.decide(identity, call(TestMode.NOT_BOOLEAN), true))
				.isEqualTo(new TestModeRule.Refuse("api_test_mode must be a boolean: true for test data, false for live data."));
		}
	}
}
