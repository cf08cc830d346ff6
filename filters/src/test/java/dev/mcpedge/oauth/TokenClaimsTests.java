package dev.mcpedge.oauth;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mcpedge.oauth.TokenClaims.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenClaimsTests {

	@Test
	void subjectWhenPrintableStringThenAccepted() {
		assertThat(TokenClaims.subject("user_2abc", "sub")).isEqualTo("user_2abc");
		assertThat(TokenClaims.subject("auth0|65f0 a", "sub")).isEqualTo("auth0|65f0 a");
		assertThat(TokenClaims.subject("x".repeat(255), "sub")).hasSize(255);
	}

	@Test
	void subjectWhenNotAStringOrUnsafeThenRefusedWithoutEchoingIt() {
		for (Object bad : List.of(List.of("a", "b"), 42, Map.of("id", "a"), "user\r\nX-MCP-Edge-Scopes: *", "user\u0000",
				"tab\tbed", " padded", "padded ", "caf\u00e9", "x".repeat(256))) {
			assertThatThrownBy(() -> TokenClaims.subject(bad, "sub")).isInstanceOf(Refusal.class)
				.hasMessage("access token claim sub must be a string of 1 to 255 printable ASCII characters");
		}
		assertThatThrownBy(() -> TokenClaims.subject(null, "sub")).hasMessage("access token has no sub claim");
		assertThatThrownBy(() -> TokenClaims.subject("", "sub")).hasMessage("access token has no sub claim");
	}

	@Test
	void organizationWhenIdThenAcceptedAndAbsentIsNull() {
		assertThat(TokenClaims.organization("org_2Zx.a:b-c", "org_id")).isEqualTo("org_2Zx.a:b-c");
		assertThat(TokenClaims.organization(null, "org_id")).isNull();
	}

	@Test
	void organizationWhenListOrUnsafeCharactersThenRefused() {
		for (Object bad : List.of(List.of("a", "b"), 7, "", "org a", "org\r\nb", "org,b", "org/b", "o".repeat(129))) {
			assertThatThrownBy(() -> TokenClaims.organization(bad, "org_id")).isInstanceOf(Refusal.class)
				.hasMessage("access token claim org_id must be an organization id (1 to 128 letters, digits, '.', '_', ':' or '-')");
		}
	}

	@Test
	void organizationsWhenStringOrListOfIdsThenAcceptedElseRefused() {
		assertThat(TokenClaims.organizations(List.of("org_b", "org_c"), "orgs")).containsExactly("org_b", "org_c");
		assertThat(TokenClaims.organizations("org_b  org_c", "orgs")).containsExactly("org_b", "org_c");
		assertThat(TokenClaims.organizations(null, "orgs")).isEmpty();
		for (Object bad : List.of(List.of("org_b", 3), List.of(List.of("org_b")), "org_b\norg_c", Map.of())) {
			assertThatThrownBy(() -> TokenClaims.organizations(bad, "orgs")).isInstanceOf(Refusal.class)
				.hasMessageStartingWith("access token claim orgs must list organization ids");
		}
	}

	@Test
	void scopesWhenSpaceSeparatedOrListOfScopeTokensThenAccepted() {
		assertThat(TokenClaims.scopes("payments:read  refunds:write", "scope")).containsExactly("payments:read", "refunds:write");
		assertThat(TokenClaims.scopes(List.of("payments:read", "a!#[]~"), "scp")).containsExactly("payments:read", "a!#[]~");
		assertThat(TokenClaims.scopes(null, "scope")).isEmpty();
	}

	@Test
	void scopesWhenNotScopeTokensThenRefused() {
		for (Object bad : List.of(List.of("payments:read", 1), "payments:read\trefunds:write", "a\"b", "a\\b",
				"payments:read\r\n", List.of("two words"), List.of(""), "caf\u00e9", Map.of("s", "x"), true)) {
			assertThatThrownBy(() -> TokenClaims.scopes(bad, "scope")).isInstanceOf(Refusal.class)
				.hasMessage("access token claim scope must be a space-separated string or a list of scope tokens (RFC 6749)");
		}
	}
}
