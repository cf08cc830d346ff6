package dev.mcpedge.gateway.dashboard;

import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The paths the dashboard's security applies to: its pages and the OpenID Connect login's redirects.
 * Nothing else of the gateway (MCP routes, OAuth endpoint, admin API, discovery, actuator) matches, so
 * none of it gets a session, a CSRF check or the dashboard's headers.
 */
final class DashboardPaths {

	static final ServerWebExchangeMatcher MATCHER = ServerWebExchangeMatchers.pathMatchers("/dashboard", "/dashboard/**",
			"/login/oauth2/**", "/oauth2/**");

	private DashboardPaths() {
	}
}
