package dev.mcpedge.gateway.admin;

import java.util.Map;

import reactor.core.publisher.Mono;

import dev.mcpedge.audit.AuditLog;
import dev.mcpedge.errors.EdgeErrorException;
import dev.mcpedge.errors.EdgeErrors;

import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code GET /admin/audit?organizationId=...&limit=...}: an organization's newest audit records. */
final class AdminAuditHandler {

	private final AuditLog audit;

	AdminAuditHandler(AuditLog audit) {
		this.audit = audit;
	}

	Mono<ServerResponse> recent(ServerRequest request) {
		String organizationId = request.queryParam("organizationId").orElse(null);
		if (organizationId == null || organizationId.isBlank()) {
			return invalid("organizationId query parameter is required");
		}
		int limit;
		try {
			limit = Integer.parseInt(request.queryParam("limit").orElse("100"));
		}
		catch (NumberFormatException ex) {
			limit = 0;
		}
		if (limit < 1 || limit > 1000) {
			return invalid("limit must be between 1 and 1000");
		}
		return audit.recent(organizationId, limit).collectList().flatMap(records -> AdminKeysHandler.json(Map.of("data", records)));
	}

	private static Mono<ServerResponse> invalid(String description) {
		return Mono.error(new EdgeErrorException(EdgeErrors.invalidRequest(description)));
	}
}
