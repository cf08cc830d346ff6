package dev.mcpedge.audit;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.http.HttpStatusCode;
import org.jspecify.annotations.Nullable;

/**
 * The timer {@code mcp.edge.requests} (Prometheus: {@code mcp_edge_requests_seconds}): one sample per
 * MCP request, tagged with the endpoint, the credential type, the JSON-RPC method, the mode, the
 * decision and the status. Tags hold only bounded values: an unknown method is {@code other}, and
 * neither principals, organizations nor tools appear (they belong to the audit records).
 */
final class RequestMetrics {

	static final String NAME = "mcp.edge.requests";

	private static final Set<String> METHODS = Set.of("initialize", "ping", "tools/list", "tools/call", "resources/list",
			"resources/read", "resources/templates/list", "resources/subscribe", "resources/unsubscribe", "prompts/list",
			"prompts/get", "completion/complete", "logging/setLevel", "batch", "response");

	private final MeterRegistry registry;

	/**
	 * The timers by their tags, so that a request looks its timer up in one map rather than building
	 * and registering it again. The tags are bounded, and so is this map.
	 */
	private final Map<Tags, Timer> timers = new ConcurrentHashMap<>();

	RequestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void record(AuditRecord record, String httpMethod, @Nullable EdgeIdentity identity, @Nullable HttpStatusCode status,
			boolean cancelled) {
		String mode = record.mode(identity);
		Tags tags = new Tags(record.endpoint, identity == null ? "none" : identity.authMethod().value(),
				method(record.method, httpMethod), mode != null ? mode : "none", record.decision(status, cancelled),
				status == null ? "none" : Integer.toString(status.value()));
		timers.computeIfAbsent(tags, this::register).record(Duration.ofNanos(System.nanoTime() - record.startNanos));
	}

	private Timer register(Tags tags) {
		return Timer.builder(NAME)
			.description("MCP requests through the edge")
			.tag("endpoint", tags.endpoint())
			.tag("auth", tags.auth())
			.tag("method", tags.method())
			.tag("mode", tags.mode())
			.tag("decision", tags.decision())
			.tag("status", tags.status())
			.register(registry);
	}

	private static String method(@Nullable String method, String httpMethod) {
		if (method == null) {
			return httpMethod; // GET (the stream), DELETE (end of session), or a POST refused before its body was read
		}
		if (method.startsWith("notifications/")) {
			return "notification";
		}
		return METHODS.contains(method) ? method : "other";
	}

	private record Tags(String endpoint, String auth, String method, String mode, String decision, String status) {
	}
}
