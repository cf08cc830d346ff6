package dev.mcpedge.gateway.admin;

import java.util.List;

import reactor.core.publisher.Mono;

import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Guards {@code /admin/**}: 404 when the admin API is off, 401 without the admin token.
 */
final class AdminAccessFilter implements WebFilter, Ordered {

	private static final BearerChallenge CHALLENGE = BearerChallenge.realm("mcp-edge-admin");

	private final AdminCredential credential;

	private final ErrorResponder errors;

	AdminAccessFilter(AdminCredential credential, ErrorResponder errors) {
		this.credential = credential;
		this.errors = errors;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!path.equals("/admin") && !path.startsWith("/admin/")) {
			return chain.filter(exchange);
		}
		if (!credential.enabled()) {
			return errors.write(exchange, EdgeErrors.notFound("the admin API is off (set mcp-edge.admin.token)"));
		}
		List<String> values = exchange.getRequest().getHeaders().get(HttpHeaders.AUTHORIZATION);
		if (values == null || values.isEmpty()) {
			return errors.write(exchange, EdgeErrors.missingCredential(CHALLENGE));
		}
		String value = values.get(0);
		boolean bearer = values.size() == 1 && value.regionMatches(true, 0, "Bearer ", 0, 7);
		if (!bearer || !credential.matches(value.substring(7).trim())) {
			return errors.write(exchange, EdgeErrors.invalidToken(CHALLENGE, "admin token is not valid"));
		}
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}
}
