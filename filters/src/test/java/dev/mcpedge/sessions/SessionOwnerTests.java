package dev.mcpedge.sessions;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import static org.assertj.core.api.Assertions.assertThat;

class SessionOwnerTests {

	private static String owner(AuthMethod method, String principal, String organization) {
		return SessionOwner.of(new EdgeIdentity(method, principal, organization, List.of(), true, null));
	}

	@Test
	void ofWhenPartsDifferThenOwnersDiffer() {
		assertThat(owner(AuthMethod.API_KEY, "a b", "c")).isNotEqualTo(owner(AuthMethod.API_KEY, "a", "b c"));
		assertThat(owner(AuthMethod.API_KEY, "a", "o")).isNotEqualTo(owner(AuthMethod.OAUTH, "a", "o"));
		assertThat(owner(AuthMethod.OAUTH, "a", null)).isNotEqualTo(owner(AuthMethod.OAUTH, "a", "-"));
		assertThat(owner(AuthMethod.OAUTH, "a", "o1")).isNotEqualTo(owner(AuthMethod.OAUTH, "a", "o2"));
	}

	@Test
	void ofWhenSameIdentityThenSameOwner() {
		assertThat(owner(AuthMethod.API_KEY, "k1", "org")).isEqualTo(owner(AuthMethod.API_KEY, "k1", "org"));
	}
}
