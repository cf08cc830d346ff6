package dev.mcpedge.keys;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyFieldsTests {

	@Test
	void isScopeWhenRfc6749ScopeTokenWithoutCommaThenTrue() {
		assertThat(List.of("payments:read", "*", "payments:*", "https://api.example.com/auth/x", "a!#$%&'()*+-./;<=>?@[]^_`{|}~",
				"x".repeat(256))).allSatisfy(scope -> assertThat(KeyFields.isScope(scope)).as(scope).isTrue());
	}

	@Test
	void isScopeWhenSeparatorWhitespaceControlOrNonAsciiThenFalse() {
		assertThat(List.of("", "a b", "a\tb", "a\nb", "a\rb", "a\u00a0b", "a\u2028b", "a,b", "a\"b", "a\\b", "a\u0000b",
				"a\u007fb", "é", "x".repeat(257))).allSatisfy(scope -> assertThat(KeyFields.isScope(scope)).as(scope).isFalse());
		assertThat(KeyFields.isScope(null)).isFalse();
	}

	@Test
	void isOrganizationWhenConservativeTokenThenTrueElseFalse() {
		assertThat(List.of("org_demo", "org_2abcDEF", "acme.eu:prod-1", "o".repeat(128)))
			.allSatisfy(org -> assertThat(KeyFields.isOrganization(org)).as(org).isTrue());
		assertThat(List.of("", "org demo", "org\tdemo", "org\r\nX: 1", "org\u00a0demo", "org/demo", "org,demo", "org@demo",
				"o".repeat(129))).allSatisfy(org -> assertThat(KeyFields.isOrganization(org)).as(org).isFalse());
	}

	@Test
	void validateWhenScopeRefusedThenMessageNamesIndexAndShowsValueEscaped() {
		assertThatExceptionOfType(KeyRequestException.class)
			.isThrownBy(() -> KeyFields.validate("org_demo", null, List.of("ok", "a\tb\u00a0\"c\"\\"), null, null))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo(KeyRequestException.Reason.INVALID))
			.withMessageStartingWith("scopes[1] (\"a\\tb\\u00a0\\\"c\\\"\\\\\") must be 1 to 256");
	}

	@Test
	void validateWhenOrganizationRefusedThenMessageNamesFieldAndShowsValueEscaped() {
		assertThatExceptionOfType(KeyRequestException.class)
			.isThrownBy(() -> KeyFields.validate("org\ndemo", null, null, null, null))
			.withMessage("organizationId (\"org\\ndemo\") must be 1 to 128 characters of A-Z a-z 0-9 . _ : -");
		assertThatExceptionOfType(KeyRequestException.class)
			.isThrownBy(() -> KeyFields.validate(List.of("org_a", ""), null, null, null))
			.withMessageStartingWith("organizations[1] (\"\")");
		assertThatExceptionOfType(KeyRequestException.class)
			.isThrownBy(() -> KeyFields.validate(null, null, null, null, null))
			.withMessage("organizationId is required");
	}

	@Test
	void shownWhenLongThenCutSoAnErrorNeverEchoesAWholeRequest() {
		assertThat(KeyFields.shown("x".repeat(1000))).isEqualTo("\"" + "x".repeat(80) + "\"...");
		assertThat(KeyFields.shown(null)).isEqualTo("null");
	}
}
