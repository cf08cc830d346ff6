package dev.mcpedge.gateway.dashboard;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.mcpedge.audit.AuditLog;
import dev.mcpedge.audit.KeyChange;
import dev.mcpedge.keys.ApiKeyRecord;

import org.springframework.context.annotation.Conditional;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * The dashboard's side of the audit. Every key change made on the dashboard becomes an
 * {@link AuditLog#keyChanged(KeyChange) audit record}: the JSON line on {@value AuditLog#LOGGER} and,
 * when the stream is on, the organization's entry in the Redis stream that {@code GET /admin/audit}
 * reads, naming the signed-in user (issuer and subject), the action, the key and its organization, with
 * {@code "via":"dashboard"}; never the secret. And the list page's "recent activity": the newest records
 * of the user's organizations, read back from that stream.
 */
@Component
@Conditional(DashboardEnabled.class)
class DashboardAudit {

	/** How many records the list page shows. */
	static final int RECENT = 20;

	private static final Log logger = LogFactory.getLog(DashboardAudit.class);

	private final AuditLog audit;

	DashboardAudit(AuditLog audit) {
		this.audit = audit;
	}

	void changed(OidcUser user, KeyChange.Action action, ApiKeyRecord key) {
		audit.keyChanged(new KeyChange(action, String.valueOf(user.getIssuer()), user.getSubject(), "dashboard", key.id(),
				key.organizationId(), Instant.now()));
	}

	/**
	 * The newest {@value #RECENT} records of {@code organizations}, newest first; none when the stream is
	 * off or Redis cannot be read (the page still shows the keys).
	 */
	Mono<List<AuditEntry>> recent(List<String> organizations) {
		return Flux.fromIterable(organizations)
			.concatMap(organization -> audit.recent(organization, RECENT))
			.map(AuditEntry::of)
			.sort(Comparator.comparing(AuditEntry::instant).reversed())
			.take(RECENT)
			.collectList()
			.onErrorResume(ex -> {
				logger.debug("Recent audit records not read: " + ex);
				return Mono.just(List.of());
			});
	}
}
