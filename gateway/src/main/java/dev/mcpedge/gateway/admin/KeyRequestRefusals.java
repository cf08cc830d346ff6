package dev.mcpedge.gateway.admin;

import reactor.core.publisher.Mono;

import dev.mcpedge.errors.EdgeError;
import dev.mcpedge.errors.EdgeErrorException;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.keys.KeyRequestException;

import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Turns a key operation refused for what was asked ({@link KeyRequestException}) into the admin API's
 * answer: 404 for an unknown key, 409 for a conflict, else 400; rendered by the edge's error handler
 * like every other admin refusal. The mapping lives here, with the admin API, so that the library's
 * error package knows nothing of keys.
 */
final class KeyRequestRefusals implements HandlerFilterFunction<ServerResponse, ServerResponse> {

	@Override
	public Mono<ServerResponse> filter(ServerRequest request, HandlerFunction<ServerResponse> next) {
		return Mono.defer(() -> next.handle(request))
			.onErrorMap(KeyRequestException.class, refused -> new EdgeErrorException(error(refused)));
	}

	static EdgeError error(KeyRequestException refused) {
		return switch (refused.reason()) {
			case NOT_FOUND -> EdgeErrors.notFound(refused.getMessage());
			case CONFLICT -> EdgeErrors.conflict(refused.getMessage());
			case INVALID -> EdgeErrors.invalidRequest(refused.getMessage());
		};
	}
}
