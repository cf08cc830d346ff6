package dev.mcpedge.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.autoconfigure.McpEdgeProperties;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ToolRulesTests {

	private static ToolRules rules(boolean unmappedAllowed) {
		Map<String, List<String>> scopes = new LinkedHashMap<>();
		scopes.put("create_refund", List.of("refunds:write"));
		scopes.put("get_*", List.of("payments:read"));
		scopes.put("get_refund", List.of("refunds:read"));
		scopes.put("*_payment_intent", List.of("payments:write", "audit:write"));
		return new ToolRules(new McpEdgeProperties.Policy(List.of("get_*", "list_*"), List.of("get_secret_*"), scopes,
				unmappedAllowed, "api_test_mode", DataSize.ofMegabytes(1), List.of()));
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
