package dev.mcpedge.audit;

import java.io.StringWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Writes audit records, of MCP requests and of key changes made by people: a JSON line to the logger
 * {@code mcp-edge.audit} (route it where audit logs go), and, when enabled, an entry of the capped Redis
 * stream {@code mcp-edge:audit} and one of the organization's own stream {@code mcp-edge:org-audit:<id>}
 * (its newest {@value #ORGANIZATION_MAX_LENGTH} or so); and reads an organization's newest back from its
 * own stream for {@code GET /admin/audit} and the dashboard, however busy other organizations are.
 */
public final class AuditLog {

	/** Logger name of the audit records. */
	public static final String LOGGER = "mcp-edge.audit";

	private static final Log audit = LogFactory.getLog(LOGGER);

	private static final Log logger = LogFactory.getLog(AuditLog.class);

	private static final String STREAM = "mcp-edge:audit";

	private static final String ORGANIZATION_STREAM = "mcp-edge:org-audit:";

	/** About how many records an organization's own stream keeps: as many as {@code GET /admin/audit} returns. */
	public static final int ORGANIZATION_MAX_LENGTH = 1000;

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper json;

	private final AuditSettings settings;

	public AuditLog(ReactiveStringRedisTemplate redis, JsonMapper json, AuditSettings settings) {
		this.redis = redis;
		this.json = json;
		this.settings = settings;
	}

	/** Whether records carry tool arguments. */
	public boolean includeArguments() {
		return settings.includeArguments();
	}

	void write(AuditRecord record, String requestId, @Nullable EdgeIdentity identity, @Nullable HttpStatusCode status,
			boolean cancelled) {
		if (!audit.isInfoEnabled() && !settings.redisStream()) {
			return;
		}
		append(identity != null ? identity.organizationId() : null, line(record, requestId, identity, status, cancelled));
	}

	/**
	 * Writes the record of a change to an API key made by a person (on the dashboard, say): who made it,
	 * through what, the action, the key and its organization. Never the secret: {@link KeyChange} has no
	 * field for it.
	 */
	public void keyChanged(KeyChange change) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("time", change.time().toString());
		entry.put("via", change.via());
		entry.put("action", change.action().value());
		entry.put("principal", change.subject());
		entry.put("issuer", change.issuer());
		entry.put("organizationId", change.organizationId());
		entry.put("keyId", change.keyId());
		append(change.organizationId(), json.writeValueAsString(entry));
	}

	/**
	 * The record as a JSON line on the audit logger and, when enabled, in the stream of all records and
	 * in the organization's own.
	 */
	private void append(@Nullable String organizationId, String line) {
		audit.info(line);
		if (settings.redisStream()) {
			String organization = organizationId != null ? organizationId : "";
			add(STREAM, Map.of("organizationId", organization, "record", line), settings.maxLength());
			if (!organization.isEmpty()) {
				add(ORGANIZATION_STREAM + organization, Map.of("record", line), ORGANIZATION_MAX_LENGTH);
			}
		}
	}

	private void add(String stream, Map<String, String> fields, long maxLength) {
		redis.opsForStream()
			.add(StreamRecords.newRecord().in(stream).ofMap(fields), XAddOptions.maxlen(maxLength).approximateTrimming(true))
			.onErrorResume(ex -> {
				logger.debug("Audit record not appended to Redis: " + ex);
				return Mono.empty();
			})
			.subscribe();
	}

	/**
	 * The record as one JSON object, written field by field in a fixed order (absent values as
	 * {@code null}): no map is built and walked for each request.
	 */
	private String line(AuditRecord record, String requestId, @Nullable EdgeIdentity identity,
			@Nullable HttpStatusCode status, boolean cancelled) {
		StringWriter out = new StringWriter(320);
		try (JsonGenerator line = json.createGenerator(out)) {
			line.writeStartObject();
			line.writeStringProperty("requestId", requestId);
			line.writeStringProperty("time", IsoInstant.format(record.time));
			line.writeStringProperty("endpoint", record.endpoint);
			line.writeStringProperty("authMethod", identity == null ? null : identity.authMethod().value());
			line.writeStringProperty("principal", identity == null ? null : identity.principal());
			line.writeStringProperty("keyId",
					identity != null && identity.authMethod() == AuthMethod.API_KEY ? identity.principal() : null);
			line.writeStringProperty("organizationId", identity == null ? null : identity.organizationId());
			line.writeStringProperty("method", record.method);
			line.writeStringProperty("tool", record.tool);
			line.writeStringProperty("mode", record.mode(identity));
			line.writeStringProperty("decision", record.decision(status, cancelled));
			line.writeStringProperty("reason", record.refusal != null ? record.refusal : cancelled ? "client went away" : null);
			if (status == null) {
				line.writeNullProperty("status");
			}
			else {
				line.writeNumberProperty("status", status.value());
			}
			line.writeNumberProperty("latencyMs", Duration.ofNanos(System.nanoTime() - record.startNanos).toMillis());
			if (settings.includeArguments() && record.arguments != null) {
				line.writeStringProperty("arguments", record.arguments);
			}
			line.writeEndObject();
		}
		return out.toString();
	}

	/**
	 * The newest records of an organization, newest first (at most {@value #ORGANIZATION_MAX_LENGTH}), from
	 * its own stream.
	 */
	public Flux<Map<String, Object>> recent(String organizationId, int limit) {
		return redis.opsForStream()
			.reverseRange(ORGANIZATION_STREAM + organizationId, Range.unbounded(),
					Limit.limit().count(Math.min(limit, ORGANIZATION_MAX_LENGTH)))
			.map(r -> json.readValue(String.valueOf(r.getValue().get("record")), MAP));
	}
}
