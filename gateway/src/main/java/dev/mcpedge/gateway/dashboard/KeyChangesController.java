package dev.mcpedge.gateway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Mono;

import dev.mcpedge.autoconfigure.EndpointProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.discovery.EndpointUrls;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.NewApiKey;

import org.springframework.context.annotation.Conditional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The dashboard's key changes: the creation form and its answer (the secret shown once, with a
 * ready-to-paste {@code claude mcp add} line), and revocation behind a confirmation page. Every change
 * is for an organization the signed-in user may manage, checked here whatever the form sent, and
 * audited with the user who made it. Every POST passes Spring Security's CSRF check first.
 */
@Controller
@Conditional(DashboardEnabled.class)
class KeyChangesController {

	private final ApiKeyAdministration keys;

	private final DashboardAudit audit;

	private final DashboardUsers users;

	private final List<String> scopes;

	private final String endpoint;

	KeyChangesController(ApiKeyAdministration keys, DashboardAudit audit, DashboardUsers users,
			McpEdgeProperties properties, EndpointUrls urls) {
		this.keys = keys;
		this.audit = audit;
		this.users = users;
		Set<String> known = new LinkedHashSet<>(properties.oauth().scopesSupported());
		properties.policy().toolScopes().values().forEach(known::addAll);
		this.scopes = List.copyOf(known);
		// the first endpoint that takes API keys (primaryEndpoint() is the OAuth one)
		this.endpoint = urls.resource(properties.endpoints()
			.stream()
			.filter(EndpointProperties::acceptsApiKeys)
			.findFirst()
			.orElse(properties.endpoints().get(0))
			.path());
	}

	@GetMapping("/dashboard/keys/new")
	String form(@AuthenticationPrincipal OidcUser principal, Model model) {
		model.addAttribute("user", users.of(principal));
		model.addAttribute("scopes", scopes);
		return "dashboard/new-key";
	}

	@PostMapping("/dashboard/keys")
	Mono<String> create(@AuthenticationPrincipal OidcUser principal, ServerWebExchange exchange, Model model) {
		DashboardUser user = users.of(principal);
		return exchange.getFormData().flatMap(form -> {
			String organization = user.mayManage(form.getFirst("organization"));
			List<String> chosen = form.getOrDefault("scope", List.of()).stream().filter(scopes::contains).toList();
			NewApiKey request = new NewApiKey(blankToNull(form.getFirst("name")), organization, null, chosen,
					"test".equals(form.getFirst("mode")) ? Mode.TEST : Mode.LIVE, expiry(form), null, null);
			return keys.create(request).map(issued -> {
				audit.changed(user, "key.created", issued.record());
				model.addAttribute("key", issued.record());
				model.addAttribute("secret", issued.secret());
				model.addAttribute("claude", "claude mcp add --transport http mcp-edge " + endpoint
						+ " --header \"Authorization: Bearer " + issued.secret() + "\"");
				return "dashboard/created";
			});
		});
	}

	@GetMapping("/dashboard/keys/{id}/revoke")
	Mono<String> confirmRevoke(@AuthenticationPrincipal OidcUser principal, @PathVariable String id, Model model) {
		DashboardUser user = users.of(principal);
		return managed(user, id).map(key -> {
			model.addAttribute("key", key);
			return "dashboard/revoke";
		});
	}

	@PostMapping("/dashboard/keys/{id}/revoke")
	Mono<String> revoke(@AuthenticationPrincipal OidcUser principal, @PathVariable String id) {
		DashboardUser user = users.of(principal);
		return managed(user, id).flatMap(key -> keys.revoke(key.id())).map(revoked -> {
			audit.changed(user, "key.revoked", revoked);
			return "redirect:/dashboard";
		});
	}

	/** The key, when it belongs to an organization the user may manage; else 404, as if it did not exist. */
	private Mono<ApiKeyRecord> managed(DashboardUser user, String id) {
		return keys.find(id)
			.filter(key -> user.manages(key.organizationId()))
			.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	private static Instant expiry(MultiValueMap<String, String> form) {
		String days = form.getFirst("expiresInDays");
		if (days == null || days.isBlank()) {
			return null;
		}
		try {
			int value = Integer.parseInt(days.trim());
			if (value < 1 || value > 3650) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expiry must be between 1 and 3650 days");
			}
			return Instant.now().plus(Duration.ofDays(value));
		}
		catch (NumberFormatException ex) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "expiry must be a number of days");
		}
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.trim();
	}

}
