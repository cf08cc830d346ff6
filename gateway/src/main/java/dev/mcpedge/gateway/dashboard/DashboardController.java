package dev.mcpedge.gateway.dashboard;

import reactor.core.publisher.Flux;

import dev.mcpedge.keys.ApiKeyAdministration;

import org.springframework.context.annotation.Conditional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The dashboard's key list: the keys of the signed-in user's organizations, or of the one organization
 * asked for ({@code ?organization=}, which an operator may set to any), redacted as stored (a secret is
 * never rendered here).
 */
@Controller
@Conditional(DashboardEnabled.class)
class DashboardController {

	private final ApiKeyAdministration keys;

	private final DashboardUsers users;

	DashboardController(ApiKeyAdministration keys, DashboardUsers users) {
		this.keys = keys;
		this.users = users;
	}

	@GetMapping("/dashboard")
	String keys(@AuthenticationPrincipal OidcUser principal, @RequestParam(name = "organization", required = false) String organization,
			Model model) {
		DashboardUser user = users.of(principal);
		model.addAttribute("user", user);
		model.addAttribute("keys", Flux.fromIterable(user.listed(organization)).concatMap(keys::list).collectList());
		return "dashboard/keys";
	}
}
