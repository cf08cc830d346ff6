package dev.mcpedge.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ToolRulesTests {

	private static ToolRules rules(boolean unmappedAllowed) {
		Map<String, List<String>> scopes = new LinkedHashMap<>();
		scopes.put("create_refund", List.of("refunds:write"));
		scopes.put("get_*", List.of("payments:read"));
		scopes.put("get_refund", List.of("refunds:read"));
		scopes.put("*_payment_intent", List.of("payments:write", "audit:write"));
		return new ToolRules(new PolicySettings(List.of("get_*", "list_*"), List.of("get_secret_*"), scopes,
				unmappedAllowed, "api_test_mode", DataSize.ofMegabytes(1), List.of(), DataSize.ofMegabytes(8)));
	}

	@Test
	void grantsWhenSameWriteImpliesReadOrWildcardThenTrue() {
		assertThat(ToolRules.grants("refunds:read", "refunds:read")).isTrue();
		assertThat(ToolRules.grants("refunds:write", "refunds:read")).isTrue();
		assertThat(ToolRules.grants("refunds:*", "refunds:write")).isTrue();
		assertThat(ToolRules.grants("*", "anything:at_all")).isTrue();
		assertThat(ToolRules.grants("org:refunds:write", "org:refunds:read")).isTrue();
	}

	@Test
	void grantsWhenOtherResourceOrReadForWriteThenFalse() {
		assertThat(ToolRules.grants("refunds:read", "refunds:write")).isFalse();
		assertThat(ToolRules.grants("payments:write", "refunds:read")).isFalse();
		assertThat(ToolRules.grants("refunds:*", "refundsx:read")).isFalse();
		assertThat(ToolRules.grants("refunds:*", "refunds:sub:read")).isFalse();
		assertThat(ToolRules.grants("refunds", "refunds:read")).isFalse();
	}

	@Test
	void grantsLiterallyWhenWildcardThenOnlyTheSameStringButWriteStillImpliesRead() {
		assertThat(ToolRules.grantsLiterally("*", "payments:read")).isFalse();
		assertThat(ToolRules.grantsLiterally("payments:*", "payments:read")).isFalse();
		assertThat(ToolRules.grantsLiterally("payments:*", "payments:*")).isTrue();
		assertThat(ToolRules.grantsLiterally("refunds:write", "refunds:read")).isTrue();
		assertThat(ToolRules.grantsLiterally("org:refunds:write", "org:refunds:read")).isTrue();
		assertThat(ToolRules.grantsLiterally("refunds:write", "refundsx:read")).isFalse();
		assertThat(ToolRules.grantsLiterally("refunds:read", "refunds:write")).isFalse();
	}

	@Test
	void checkWhenWildcardsOffThenStarScopesGrantNothingSpecial() {
		assertThat(rules(false).check("create_refund", List.of("*"), false, false).allowed()).isFalse();
		assertThat(rules(false).check("create_refund", List.of("refunds:*"), false, false).allowed()).isFalse();
		assertThat(rules(false).check("create_refund", List.of("*"), false, true).allowed()).isTrue();
		assertThat(rules(false).check("create_refund", List.of("refunds:*"), false, true).allowed()).isTrue();
		assertThat(rules(false).check("get_refund", List.of("refunds:write"), false, false).allowed()).isTrue();
	}

	@Test
	void checkWhenIdentityThenItsWildcardSettingApplies() {
		EdgeIdentity key = new EdgeIdentity(AuthMethod.API_KEY, "key_1", "org", List.of("*"), false, Mode.LIVE);
		EdgeIdentity token = new EdgeIdentity(AuthMethod.OAUTH, "user", "org", List.of("*"), false, null);
		EdgeIdentity trustedToken = new EdgeIdentity(AuthMethod.OAUTH, "user", "org", List.of("*"), false, null, true);
		assertThat(rules(false).check("create_refund", key).allowed()).isTrue();
		assertThat(rules(false).check("create_refund", token).allowed()).isFalse();
		assertThat(rules(false).check("create_refund", trustedToken).allowed()).isTrue();
	}

	@Test
	void checkWhenExactNameThenItWinsOverPattern() {
		assertThat(rules(false).check("get_refund", List.of("payments:read"), false).allowed()).isFalse();
		assertThat(rules(false).check("get_refund", List.of("refunds:write"), false).allowed()).isTrue();
		assertThat(rules(false).check("get_balance", List.of("payments:read"), false).allowed()).isTrue();
	}

	@Test
	void checkWhenSeveralScopesNeededThenAllRequiredAndListed() {
		ToolRules.ScopeCheck check = rules(false).check("cancel_payment_intent", List.of("payments:write"), false);
		assertThat(check.allowed()).isFalse();
		assertThat(check.required()).containsExactly("payments:write", "audit:write");
	}

	@Test
	void checkWhenUnmappedThenClosedUnlessAllowedAndUnrestrictedAlwaysPasses() {
		assertThat(rules(false).check("delete_everything", List.of("refunds:*"), false))
			.isEqualTo(new ToolRules.ScopeCheck(false, List.of(), true));
		assertThat(rules(true).check("delete_everything", List.of(), false).allowed()).isTrue();
		assertThat(rules(false).check("delete_everything", List.of(), true).allowed()).isTrue();
	}

	@Test
	void configuredReadOnlyWhenInBothListsThenWriteWins() {
		assertThat(rules(false).configuredReadOnly("get_balance")).contains(true);
		assertThat(rules(false).configuredReadOnly("get_secret_key")).contains(false);
		assertThat(rules(false).configuredReadOnly("create_refund")).isEmpty();
	}
}
