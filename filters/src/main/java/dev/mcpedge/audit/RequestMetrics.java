package dev.mcpedge.audit;

import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.http.HttpStatusCode;
import org.springframework.lang.Nullable;

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

	RequestMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void record(AuditRecord record, String httpMethod, @Nullable EdgeIdentity identity, @Nullable HttpStatusCode status,
			boolean cancelled) {
		Timer.builder(NAME)
			.description("MCP requests through the edge")
			.tag("endpoint", record.endpoint)
			.tag("auth", identity == null ? "none" : identity.authMethod().value())
			.tag("method", method(record.method, httpMethod))
			.tag("mode", record.mode != null ? record.mode
					: identity != null && identity.mode() != null ? identity.mode().value() : "none")
			.tag("decision", record.decision(status, cancelled))
			.tag("status", status == null ? "none" : Integer.toString(status.value()))
			.register(registry)
			.record(Duration.ofNanos(System.nanoTime() - record.startNanos));
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
}
