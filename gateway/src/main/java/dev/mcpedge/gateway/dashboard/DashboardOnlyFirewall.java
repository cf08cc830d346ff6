package dev.mcpedge.gateway.dashboard;

import reactor.core.publisher.Mono;

import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;

/**
 * Spring Security's strict firewall for the dashboard's paths only. Spring Security's filter runs for
 * every request and applies its firewall before it looks for a matching chain; the edge's own routes
 * have their own path rules (and tests for every spelling), which Spring Security must not change.
 */
final class DashboardOnlyFirewall implements ServerWebExchangeFirewall {

	private final StrictServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();

	@Override
	public Mono<ServerWebExchange> getFirewalledExchange(ServerWebExchange exchange) {
		return DashboardPaths.MATCHER.matches(exchange)
			.flatMap(match -> match.isMatch() ? strict.getFirewalledExchange(exchange) : Mono.just(exchange));
	}

}
