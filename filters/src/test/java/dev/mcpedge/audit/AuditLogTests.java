package dev.mcpedge.audit;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class AuditLogTests {

	private static final EdgeIdentity OAUTH = new EdgeIdentity(AuthMethod.OAUTH, "user_1", "org_a", List.of("s"), false, null);

	private static AuditRecord record() {
		AuditRecord record = new AuditRecord(Instant.parse("2026-01-01T00:00:00Z"), System.nanoTime(), "/api/mcp/oauth");
		record.jsonRpc("tools/call", "create_refund", "{\"amount\":5}");
		record.mode("test");
		return record;
	}

	@Test
	void writeWhenArgumentsIncludedThenRecordCarriesThem(CapturedOutput output) {
		new AuditLog(null, JsonMapper.builder().build(), new AuditSettings(true, false, 1000))
			.write(record(), "rid-1", OAUTH, HttpStatus.OK, false);
		assertThat(output.getOut()).contains("{\"requestId\":\"rid-1\",\"time\":\"2026-01-01T00:00:00Z\",\"endpoint\":\"/api/mcp/oauth\","
				+ "\"authMethod\":\"oauth\",\"principal\":\"user_1\",\"keyId\":null,\"organizationId\":\"org_a\",\"method\":\"tools/call\","
				+ "\"tool\":\"create_refund\",\"mode\":\"test\",\"decision\":\"allowed\",\"reason\":null,\"status\":200,\"latencyMs\":")
			.contains(",\"arguments\":\"{\\\"amount\\\":5}\"}");
	}

	@Test
	void writeWhenArgumentsNotIncludedThenLeftOutAndCancelledCallsSaySo(CapturedOutput output) {
		new AuditLog(null, JsonMapper.builder().build(), new AuditSettings(false, false, 1000))
			.write(record(), "rid-2", OAUTH, HttpStatus.OK, true);
		assertThat(output.getOut()).contains("\"requestId\":\"rid-2\"").contains("\"decision\":\"failed\"")
			.contains("\"reason\":\"client went away\"").doesNotContain("amount");
	}
}
