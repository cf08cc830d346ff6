package dev.mcpedge.gateway.dashboard;

import java.util.List;

import reactor.core.publisher.Flux;

import dev.mcpedge.keys.ApiKeyAdministration;

import org.springframework.context.annotation.Conditional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import org.jspecify.annotations.Nullable;

/**
 * The dashboard's key list: the keys of the signed-in user's organizations, or of the one organization
 * asked for ({@code ?organization=}, which an operator may set to any), redacted as stored (a secret is
 * never rendered here), and those organizations' recent audit records.
 */
@Controller
@Conditional(DashboardEnabled.class)
class DashboardController {

	private final ApiKeyAdministration keys;

	private final DashboardUsers users;

	private final DashboardAudit audit;

	DashboardController(ApiKeyAdministration keys, DashboardUsers users, DashboardAudit audit) {
		this.keys = keys;
		this.users = users;
		this.audit = audit;
	}

	@GetMapping("/dashboard")
	String keys(@AuthenticationPrincipal OidcUser principal,
			@RequestParam(name = "organization", required = false) @Nullable String organization, Model model) {
		DashboardUser user = users.of(principal);
		model.addAttribute("user", user);
		List<String> listed = user.listed(organization);
		model.addAttribute("listed", listed);
		model.addAttribute("opened", listed.size() == 1 && organization != null ? listed.get(0) : null);
		model.addAttribute("keys", Flux.fromIterable(listed).concatMap(keys::list).collectList());
		model.addAttribute("audit", audit.recent(listed));
		return "dashboard/keys";
	}
}
