package dev.mcpedge.gateway.admin;

import java.util.Map;

import reactor.core.publisher.Mono;

import dev.mcpedge.audit.AuditLog;
import dev.mcpedge.errors.EdgeErrorException;
import dev.mcpedge.errors.EdgeErrors;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/audit?organizationId=...&limit=...}: an organization's newest audit records. */
@RestController
class AdminAuditController {

	private final AuditLog audit;

	AdminAuditController(AuditLog audit) {
		this.audit = audit;
	}

	@GetMapping(path = "/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Map<String, Object>> recent(@RequestParam(required = false) String organizationId,
			@RequestParam(defaultValue = "100") int limit) {
		if (organizationId == null || organizationId.isBlank()) {
			return Mono.error(new EdgeErrorException(EdgeErrors.invalidRequest("organizationId query parameter is required")));
		}
		if (limit < 1 || limit > 1000) {
			return Mono.error(new EdgeErrorException(EdgeErrors.invalidRequest("limit must be between 1 and 1000")));
		}
		return audit.recent(organizationId, limit).collectList().map(records -> Map.of("data", records));
	}
}
