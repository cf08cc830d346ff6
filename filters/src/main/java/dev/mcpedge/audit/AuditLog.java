package dev.mcpedge.audit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Writes audit records: a JSON line to the logger {@code mcp-edge.audit} (route it where audit logs
 * go), and, when enabled, an entry of the capped Redis stream {@code mcp-edge:audit}; and reads them
 * back by organization for {@code GET /admin/audit}.
 */
public final class AuditLog {

	/** Logger name of the audit records. */
	public static final String LOGGER = "mcp-edge.audit";

	private static final Log audit = LogFactory.getLog(LOGGER);

	private static final Log logger = LogFactory.getLog(AuditLog.class);

	private static final String STREAM = "mcp-edge:audit";

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
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("requestId", requestId);
		entry.put("time", record.time.toString());
		entry.put("endpoint", record.endpoint);
		entry.put("authMethod", identity == null ? null : identity.authMethod().value());
		entry.put("principal", identity == null ? null : identity.principal());
		entry.put("keyId", identity != null && identity.authMethod() == AuthMethod.API_KEY ? identity.principal() : null);
		entry.put("organizationId", identity == null ? null : identity.organizationId());
		entry.put("method", record.method);
		entry.put("tool", record.tool);
		entry.put("mode", record.mode(identity));
		entry.put("decision", record.decision(status, cancelled));
		entry.put("reason", record.refusal != null ? record.refusal : cancelled ? "client went away" : null);
		entry.put("status", status == null ? null : status.value());
		entry.put("latencyMs", Duration.ofNanos(System.nanoTime() - record.startNanos).toMillis());
		if (settings.includeArguments() && record.arguments != null) {
			entry.put("arguments", record.arguments);
		}
		String line = json.writeValueAsString(entry);
		audit.info(line);
		if (settings.redisStream()) {
			String organization = identity != null && identity.organizationId() != null ? identity.organizationId() : "";
			MapRecord<String, String, String> streamRecord = StreamRecords
				.newRecord()
				.in(STREAM)
				.ofMap(Map.of("organizationId", organization, "record", line));
			redis.opsForStream()
				.add(streamRecord, XAddOptions.maxlen(settings.maxLength()).approximateTrimming(true))
				.onErrorResume(ex -> {
					logger.debug("Audit record not appended to Redis: " + ex);
					return Mono.empty();
				})
				.subscribe();
		}
	}

	/** The newest records of an organization, newest first, from the Redis stream. */
	public Flux<Map<String, Object>> recent(String organizationId, int limit) {
		return redis.opsForStream()
			.reverseRange(STREAM, Range.unbounded(), Limit.limit().count(Math.min(limit * 50, 20_000)))
			.filter(r -> organizationId.equals(r.getValue().get("organizationId")))
			.take(limit)
			.map(r -> json.readValue(String.valueOf(r.getValue().get("record")), MAP));
	}
}
