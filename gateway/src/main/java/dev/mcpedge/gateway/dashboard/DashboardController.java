package dev.mcpedge.gateway.dashboard;

import reactor.core.publisher.Flux;

import dev.mcpedge.keys.ApiKeyAdministration;

import org.springframework.context.annotation.Conditional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard's key list: the keys of the organizations the signed-in user may
 * manage, redacted as stored (a secret is never rendered here), and those organizations' recent audit
 * records.
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
	String keys(@AuthenticationPrincipal OidcUser principal, Model model) {
		DashboardUser user = users.of(principal);
		model.addAttribute("user", user);
		model.addAttribute("keys", Flux.fromIterable(user.organizations()).concatMap(keys::list).collectList());
		model.addAttribute("audit", audit.recent(user.organizations()));
		return "dashboard/keys";
	}
}
