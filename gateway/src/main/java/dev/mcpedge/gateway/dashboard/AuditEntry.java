package dev.mcpedge.gateway.dashboard;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One audit record as the list page shows it, a row of text (rendered escaped, like everything the
 * page shows: a tool name comes from the caller). An MCP request shows its method and tool, a key change
 * its action and the key.
 *
 * @param time when, ISO-8601
 * @param who the principal (a key id, a token's subject, the person who changed a key)
 * @param what the method and tool, or the action and key id
 * @param decision the decision of an MCP request, empty for a key change
 * @param status the HTTP status of an MCP request, empty for a key change
 */
record AuditEntry(String time, String who, String what, String decision, String status) {

	static AuditEntry of(Map<String, Object> record) {
		Object action = record.get("action");
		String what = action != null ? action + " " + text(record.get("keyId"))
				: text(record.get("method")) + (record.get("tool") != null ? " " + record.get("tool") : "");
		String who = text(record.get("principal")) + (record.get("via") != null ? " (via " + record.get("via") + ")" : "");
		return new AuditEntry(text(record.get("time")), who, what.trim(), text(record.get("decision")),
				text(record.get("status")));
	}

	/** {@link #time} as an instant, to order records of several organizations; the epoch when unreadable. */
	Instant instant() {
		try {
			return Instant.parse(time);
		}
		catch (DateTimeParseException ex) {
			return Instant.EPOCH;
		}
	}

	private static String text(@Nullable Object value) {
		return Objects.toString(value, "");
	}
}
