package dev.mcpedge.gateway.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import reactor.core.publisher.Mono;

import dev.mcpedge.audit.KeyChange;
import dev.mcpedge.autoconfigure.McpEdgeProperties;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.IssuedApiKey;
import dev.mcpedge.keys.KeyRequestException;
import dev.mcpedge.keys.KeyStatus;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import org.jspecify.annotations.Nullable;

/**
 * The dashboard's key changes: the creation form and its answer, roll with a grace period and
 * revocation, each behind a page of its own. Creation and roll answer with the secret page: the new
 * secret shown once, with a copy button and the client configurations ({@link ClientConfigurations}).
 * Every change is for an organization the signed-in user may manage, checked here whatever the form
 * sent (the key's own organization and every extra organization it may act for), and audited with the
 * user who made it. Every POST passes Spring Security's CSRF check first.
 */
@Controller
@Conditional(DashboardEnabled.class)
class KeyChangesController {

	private final ApiKeyAdministration keys;

	private final DashboardAudit audit;

	private final DashboardUsers users;

	private final ClientConfigurations clients;

	private final List<String> scopes;

	KeyChangesController(ApiKeyAdministration keys, DashboardAudit audit, DashboardUsers users,
			ClientConfigurations clients, McpEdgeProperties properties) {
		this.keys = keys;
		this.audit = audit;
		this.users = users;
		this.clients = clients;
		Set<String> known = new LinkedHashSet<>(properties.oauth().scopesSupported());
		properties.policy().toolScopes().values().forEach(known::addAll);
		this.scopes = List.copyOf(known);
	}

	/** The form, for the user's organizations or the one opened ({@code ?organization=}, e.g. by an operator). */
	@GetMapping("/dashboard/keys/new")
	String form(@AuthenticationPrincipal OidcUser principal,
			@RequestParam(name = "organization", required = false) @Nullable String organization, Model model) {
		DashboardUser user = users.of(principal);
		model.addAttribute("user", user);
		model.addAttribute("organizations", user.listed(organization));
		model.addAttribute("scopes", scopes);
		return "dashboard/new-key";
	}

	@PostMapping("/dashboard/keys")
	Mono<String> create(@AuthenticationPrincipal OidcUser principal, ServerWebExchange exchange, Model model) {
		DashboardUser user = users.of(principal);
		return exchange.getFormData().flatMap(form -> {
			String organization = user.mayManage(form.getFirst("organization"));
			List<String> chosen = form.getOrDefault("scope", List.of()).stream().filter(scopes::contains).toList();
			NewApiKey request = new NewApiKey(blankToNull(form.getFirst("name")), organization,
					extraOrganizations(user, organization, form), chosen,
					"test".equals(form.getFirst("mode")) ? Mode.TEST : Mode.LIVE, expiry(form), null, null);
			return keys.create(request).onErrorMap(KeyRequestException.class, KeyChangesController::refusal).map(issued -> {
				audit.changed(principal, KeyChange.Action.CREATED, issued.record());
				return secretPage(issued, "API key created", model);
			});
		});
	}

	@GetMapping("/dashboard/keys/{id}/roll")
	Mono<String> confirmRoll(@AuthenticationPrincipal OidcUser principal, @PathVariable String id, Model model) {
		return active(users.of(principal), id).map(key -> {
			model.addAttribute("key", key);
			model.addAttribute("gracePeriods", GracePeriod.values());
			return "dashboard/roll";
		});
	}

	@PostMapping("/dashboard/keys/{id}/roll")
	Mono<String> roll(@AuthenticationPrincipal OidcUser principal, @PathVariable String id, ServerWebExchange exchange,
			Model model) {
		DashboardUser user = users.of(principal);
		return exchange.getFormData().flatMap(form -> {
			GracePeriod grace = GracePeriod.of(form.getFirst("gracePeriod"));
			return active(user, id)
				.flatMap(key -> keys.roll(key.id(), grace.duration()).onErrorMap(KeyRequestException.class,
						KeyChangesController::refusal))
				.map(issued -> {
					audit.changed(principal, KeyChange.Action.ROLLED, issued.record());
					model.addAttribute("gracePeriod", grace);
					return secretPage(issued, "API key rolled", model);
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
			audit.changed(principal, KeyChange.Action.REVOKED, revoked);
			return "redirect:/dashboard";
		});
	}

	/** The page that shows a new secret, this once, with what to paste into a client. */
	private String secretPage(IssuedApiKey issued, String heading, Model model) {
		model.addAttribute("heading", heading);
		model.addAttribute("key", issued.record());
		model.addAttribute("secret", issued.secret());
		model.addAllAttributes(clients.forKey(issued.secret()));
		return "dashboard/created";
	}

	/** The key, when it belongs to an organization the user may manage; else 404, as if it did not exist. */
	private Mono<ApiKeyRecord> managed(DashboardUser user, String id) {
		return keys.find(id)
			.onErrorResume(KeyRequestException.class, ex -> Mono.empty())
			.filter(key -> user.manages(key.organizationId()))
			.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)));
	}

	/**
	 * {@link #managed}, with every other organization the key may act for managed by the user too (a roll
	 * hands out a new secret for all of them; 404 otherwise, as if the key did not exist), and active:
	 * only an active key can be rolled (409 otherwise).
	 */
	private Mono<ApiKeyRecord> active(DashboardUser user, String id) {
		return managed(user, id).filter(key -> key.organizations().stream().allMatch(user::manages))
			.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND)))
			.filter(key -> key.status() == KeyStatus.ACTIVE)
			.switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "only an active key can be rolled")));
	}

	/**
	 * The other organizations the key may act for ({@code organizations} in the form), each one the user
	 * manages (403 for any other), without the key's own organization; {@code null} for none.
	 */
	private static List<String> extraOrganizations(DashboardUser user, String organization,
			MultiValueMap<String, String> form) {
		List<String> extra = form.getOrDefault("organizations", List.of())
			.stream()
			.flatMap(value -> value.isBlank() ? Stream.empty() : Stream.of(user.mayManage(value)))
			.filter(value -> !value.equals(organization))
			.distinct()
			.toList();
		return extra.isEmpty() ? null : extra;
	}

	/** What the key administration refused, as the page's status; its message names no secret. */
	private static ResponseStatusException refusal(KeyRequestException ex) {
		HttpStatus status = switch (ex.reason()) {
			case INVALID -> HttpStatus.BAD_REQUEST;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case CONFLICT -> HttpStatus.CONFLICT;
		};
		return new ResponseStatusException(status, ex.getMessage());
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
