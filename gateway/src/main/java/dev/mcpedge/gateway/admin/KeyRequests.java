package dev.mcpedge.gateway.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.EdgeErrorException;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.ImportedApiKey;
import dev.mcpedge.keys.IssuedApiKey;
import dev.mcpedge.keys.KeyUpdate;
import dev.mcpedge.keys.NewApiKey;
import dev.mcpedge.keys.RateLimit;

/**
 * Reads admin request bodies strictly and writes key responses; shared by the admin API and the
 * command line. A misspelt field ("scope") fails loudly rather than issuing a key with full access.
 */
public final class KeyRequests {

	private static final Set<String> UPDATABLE = Set.of("name", "scopes", "organizations", "expiresAt", "rateLimit",
			"metadata");

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final JsonMapper json;

	public KeyRequests(JsonMapper json) {
		this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

	public NewApiKey newKey(byte[] body) {
		return read(body, NewApiKey.class, "key request");
	}

	public ImportedApiKey importedKey(byte[] body) {
		return read(body, ImportedApiKey.class, "import request");
	}

	/**
	 * A PATCH body: an absent field stays as it is; {@code null} clears {@code expiresAt} and
	 * {@code rateLimit} and is refused for the others, whose empty value is explicit ({@code []},
	 * {@code {}}, {@code ""}).
	 */
	public KeyUpdate update(byte[] body) {
		Map<String, Object> fields = read(body, Map.class, "update");
		Set<String> unknown = new TreeSet<>(fields.keySet());
		unknown.removeAll(UPDATABLE);
		if (!unknown.isEmpty()) {
			throw invalid("cannot change " + unknown + "; a key's name, scopes, organizations, expiresAt, rateLimit and "
					+ "metadata can change (organizationId and mode cannot)");
		}
		refuseNull(fields, "name", "omit it to keep the name, or send \"\" to clear it");
		refuseNull(fields, "scopes", "omit it to keep the scopes; [] grants the full access of the organization");
		refuseNull(fields, "organizations", "omit it to keep them, or send [] to remove them all");
		refuseNull(fields, "metadata", "omit it to keep it, or send {} to clear it");
		try {
			return new KeyUpdate(fields.containsKey("name") ? required(fields, "name", String.class) : null,
					fields.containsKey("scopes") ? list(fields, "scopes") : null,
					fields.containsKey("organizations") ? list(fields, "organizations") : null,
					fields.containsKey("expiresAt") ? Optional.ofNullable(fields.get("expiresAt")).map(v -> Instant.parse((String) v)) : null,
					fields.containsKey("rateLimit") ? Optional.ofNullable(fields.get("rateLimit")).map(v -> json.convertValue(v, RateLimit.class)) : null,
					fields.containsKey("metadata") ? json.convertValue(fields.get("metadata"), new TypeReference<Map<String, String>>() {
					}) : null);
		}
		catch (ClassCastException | DateTimeParseException | JacksonException ex) {
			throw invalid("invalid update: " + (ex instanceof JacksonException j ? j.getOriginalMessage() : ex.getMessage()));
		}
	}

	/** The grace period of a roll request: {@code {"gracePeriod":"PT1H"}}; no body means zero. */
	public Duration gracePeriod(byte[] body) {
		if (body == null || body.length == 0) {
			return Duration.ZERO;
		}
		Map<String, Object> fields = read(body, Map.class, "roll request");
		Set<String> unknown = new TreeSet<>(fields.keySet());
		unknown.remove("gracePeriod");
		if (!unknown.isEmpty()) {
			throw invalid("unknown fields " + unknown + "; a roll takes only gracePeriod");
		}
		Object value = fields.get("gracePeriod");
		try {
			return value == null ? Duration.ZERO : Duration.parse((String) value);
		}
		catch (ClassCastException | DateTimeParseException ex) {
			throw invalid("gracePeriod must be an ISO-8601 duration such as PT1H (got " + value + ")");
		}
	}

	/** The record as JSON fields, with the secret added when there is one to show (create and roll). */
	public Map<String, Object> issued(IssuedApiKey issued) {
		Map<String, Object> body = record(issued.record());
		body.put("key", issued.secret());
		return body;
	}

	public Map<String, Object> record(ApiKeyRecord record) {
		return new LinkedHashMap<>(json.convertValue(record, MAP));
	}

	@SuppressWarnings("unchecked")
	private <T> T read(byte[] body, Class<?> type, String what) {
		if (body == null || body.length == 0) {
			throw invalid("a JSON body is required");
		}
		try {
			return (T) json.readValue(body, type);
		}
		catch (JacksonException ex) {
			throw invalid("invalid " + what + ": " + ex.getOriginalMessage());
		}
	}

	private static <T> T required(Map<String, Object> fields, String name, Class<T> type) {
		Object value = fields.get(name);
		if (!type.isInstance(value)) {
			throw invalid(name + " must be a " + type.getSimpleName().toLowerCase());
		}
		return type.cast(value);
	}

	/**
	 * Refuses an explicit {@code null} where it has no meaning: read as "empty", {@code "scopes": null}
	 * would silently turn a scoped key into one with the organization's full access.
	 */
	private static void refuseNull(Map<String, Object> fields, String name, String hint) {
		if (fields.containsKey(name) && fields.get(name) == null) {
			throw invalid(name + " must not be null; " + hint);
		}
	}

	private static List<String> list(Map<String, Object> fields, String name) {
		Object value = fields.get(name);
		if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof String))) {
			throw invalid(name + " must be a list of strings");
		}
		return list.stream().map(String.class::cast).toList();
	}

	private static EdgeErrorException invalid(String description) {
		return new EdgeErrorException(EdgeErrors.invalidRequest(description));
	}
}
