package dev.mcpedge.gateway.dashboard;

import reactor.core.publisher.Mono;

import org.springframework.context.annotation.Conditional;
import org.springframework.security.web.reactive.result.view.CsrfRequestDataValueProcessor;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;

/**
 * Resolves the session's CSRF token before a dashboard page renders, so that Thymeleaf puts it as a
 * hidden field into every form (Spring Security's {@link CsrfRequestDataValueProcessor}); in WebFlux
 * the token is loaded lazily and would otherwise be missing from the page.
 */
@ControllerAdvice(assignableTypes = { DashboardController.class, KeyChangesController.class })
@Conditional(DashboardEnabled.class)
class CsrfTokenInForms {

	@ModelAttribute
	Mono<Void> csrfToken(ServerWebExchange exchange) {
		Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
		if (token == null) {
			return Mono.empty();
		}
		return token
			.doOnSuccess(resolved -> exchange.getAttributes().put(CsrfRequestDataValueProcessor.DEFAULT_CSRF_ATTR_NAME, resolved))
			.then();
	}
}
