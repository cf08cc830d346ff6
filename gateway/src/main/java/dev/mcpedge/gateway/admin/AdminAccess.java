package dev.mcpedge.gateway.admin;

import java.util.List;

import reactor.core.publisher.Mono;

import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.errors.EdgeError;
import dev.mcpedge.errors.EdgeErrorException;
import dev.mcpedge.errors.EdgeErrors;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The admin credential check, a filter of the admin routes themselves: whatever spelling of a path the
 * router sends to an admin handler, the handler runs only behind this check. 404 when the admin API is
 * off, 401 without the admin token.
 */
final class AdminAccess implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	private static final BearerChallenge CHALLENGE = BearerChallenge.realm("mcp-edge-admin");

	private final AdminCredential credential;

	AdminAccess(AdminCredential credential) {
		this.credential = credential;
	}

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		if (!credential.enabled()) {
			return refuse(EdgeErrors.notFound("the admin API is off (set mcp-edge.admin.token)"));
		}
		List<String> values = request.headers().header(HttpHeaders.AUTHORIZATION);
		if (values.isEmpty()) {
			return refuse(EdgeErrors.missingCredential(CHALLENGE));
		}
		String value = values.get(0);
		boolean bearer = values.size() == 1 && value.regionMatches(true, 0, "Bearer ", 0, 7);
		if (!bearer || !credential.matches(value.substring(7).trim())) {
			return refuse(EdgeErrors.invalidToken(CHALLENGE, "admin token is not valid"));
		}
		return next.handle(request);
	}

	/** Rendered by the edge's error handler, like every other admin refusal. */
	private static Mono<ServerResponse> refuse(EdgeError error) {
		return Mono.error(new EdgeErrorException(error));
	}
}
