package dev.mcpedge.gateway.dashboard;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.audit.AuditLog;
import dev.mcpedge.keys.ApiKeyRecord;

import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Audits every key change made on the dashboard: a JSON line on the audit logger
 * ({@value AuditLog#LOGGER}) naming the user who made it, the action, the key id and its organization;
 * never the secret. Not yet in the Redis stream that {@code GET /admin/audit} reads (that needs a
 * public method on {@link AuditLog}).
 */
@Component
@Conditional(DashboardEnabled.class)
class DashboardAudit {

	private static final Log audit = LogFactory.getLog(AuditLog.LOGGER);

	private final JsonMapper json;

	DashboardAudit(JsonMapper json) {
		this.json = json;
	}

	void changed(DashboardUser user, String action, ApiKeyRecord key) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("time", Instant.now().toString());
		entry.put("via", "dashboard");
		entry.put("action", action);
		entry.put("principal", user.subject());
		entry.put("organizationId", key.organizationId());
		entry.put("keyId", key.id());
		audit.info(json.writeValueAsString(entry));
	}
}
