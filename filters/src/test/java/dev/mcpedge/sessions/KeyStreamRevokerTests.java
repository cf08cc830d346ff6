package dev.mcpedge.sessions;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.KeyStatus;

import static org.assertj.core.api.Assertions.assertThat;

class KeyStreamRevokerTests {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

	private final KeyStreamRevoker revoker = new KeyStreamRevoker(null, null, new OpenStreams(clock, Schedulers.parallel()),
			clock);

	private static ApiKeyRecord key(KeyStatus status, List<String> organizations, List<String> scopes, Instant expiresAt) {
		return new ApiKeyRecord("k1", "n", "org", organizations, scopes, Mode.TEST, status, "mcp_test_...", expiresAt,
				null, NOW.minusSeconds(60), null, Map.of());
	}

	private static EdgeIdentity opened(String organization, List<String> scopes) {
		return new EdgeIdentity(AuthMethod.API_KEY, "k1", organization, scopes, scopes.isEmpty(), Mode.TEST);
	}

	@Test
	void allowsWhenRevokedOrExpiredThenFalse() {
		assertThat(revoker.allows(key(KeyStatus.REVOKED, List.of(), List.of(), null), opened("org", List.of()))).isFalse();
		assertThat(revoker.allows(key(KeyStatus.ACTIVE, List.of(), List.of(), NOW), opened("org", List.of()))).isFalse();
	}

	@Test
	void allowsWhenScopesNarrowedThenFalseAndWhenWidenedThenTrue() {
		EdgeIdentity twoScopes = opened("org", List.of("a:read", "b:read"));
		assertThat(revoker.allows(key(KeyStatus.ACTIVE, List.of(), List.of("a:read"), null), twoScopes)).isFalse();
		assertThat(revoker.allows(key(KeyStatus.ACTIVE, List.of(), List.of("a:read", "b:read", "c:read"), null),
				twoScopes)).isTrue();
		assertThat(revoker.allows(key(KeyStatus.ACTIVE, List.of(), List.of(), null), twoScopes)).as("now unrestricted")
			.isTrue();
		assertThat(revoker.allows(key(KeyStatus.ACTIVE, List.of(), List.of("a:read"), null), opened("org", List.of())))
			.as("unrestricted, now restricted").isFalse();
	}

	@Test
	void allowsWhenOrganizationRemovedThenFalse() {
		assertThat(revoker.allows(key(KeyStatus.ACTIVE, List.of(), List.of(), null), opened("org_2", List.of()))).isFalse();
		assertThat(revoker.allows(key(KeyStatus.ACTIVE, List.of("org_2"), List.of(), null), opened("org_2", List.of())))
			.isTrue();
	}
}
