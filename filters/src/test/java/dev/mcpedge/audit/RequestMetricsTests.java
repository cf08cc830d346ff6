package dev.mcpedge.audit;

import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

class RequestMetricsTests {

	private static final EdgeIdentity TEST_KEY = new EdgeIdentity(AuthMethod.API_KEY, "key_1", "org_a", List.of(), true, Mode.TEST);

	private static final EdgeIdentity OAUTH = new EdgeIdentity(AuthMethod.OAUTH, "user_1", "org_a", List.of("s"), false, null);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RequestMetrics metrics = new RequestMetrics(registry);

	private static AuditRecord record(String method, String mode) {
		AuditRecord record = new AuditRecord(Instant.EPOCH, System.nanoTime(), "/api/mcp");
		record.jsonRpc(method, null, null);
		record.mode(mode);
		return record;
	}

	@Test
	void recordWhenTheSameTagsAgainThenOneTimerCountsBoth() {
		metrics.record(record("tools/list", null), "POST", TEST_KEY, HttpStatus.OK, false);
		metrics.record(record("tools/list", null), "POST", TEST_KEY, HttpStatus.OK, false);
		Timer timer = registry.get(RequestMetrics.NAME).tags("endpoint", "/api/mcp", "auth", "api_key", "method", "tools/list",
				"mode", "test", "decision", "allowed", "status", "200").timer();
		assertThat(timer.count()).isEqualTo(2);
		assertThat(registry.getMeters()).hasSize(1);
	}

	@Test
	void recordWhenTagsDifferThenEachHasItsTimerAndTheCallsModeWinsOverNone() {
		metrics.record(record("tools/call", "live"), "POST", OAUTH, HttpStatus.OK, false);
		metrics.record(record("tools/call", null), "POST", OAUTH, HttpStatus.FORBIDDEN, false);
		metrics.record(record("made/up", null), "POST", null, null, true);
		assertThat(registry.get(RequestMetrics.NAME).tags("mode", "live", "status", "200").timer().count()).isEqualTo(1);
		assertThat(registry.get(RequestMetrics.NAME).tags("auth", "oauth", "mode", "none", "status", "403", "decision", "failed")
			.timer().count()).isEqualTo(1);
		assertThat(registry.get(RequestMetrics.NAME).tags("auth", "none", "method", "other", "status", "none", "decision", "failed")
			.timer().count()).isEqualTo(1);
		assertThat(registry.getMeters()).hasSize(3);
	}
}
