package dev.mcpedge.gateway.admin;

import java.net.URI;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import dev.mcpedge.keys.ApiKeyAdministration;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The key part of the admin API (DESIGN §7, §8); routed and guarded by {@link AdminConfiguration},
 * refusals are rendered by the edge's error handler.
 */
final class AdminKeysHandler {

	private static final byte[] NO_BODY = new byte[0];

	private final ApiKeyAdministration administration;

	private final KeyRequests requests;

	AdminKeysHandler(ApiKeyAdministration administration, KeyRequests requests) {
		this.administration = administration;
		this.requests = requests;
	}

	Mono<ServerResponse> create(ServerRequest request) {
		return body(request).map(requests::newKey)
			.flatMap(administration::create)
			.flatMap(issued -> withSecret(HttpStatus.CREATED, issued.record().id(), requests.issued(issued)));
	}

	Mono<ServerResponse> importKey(ServerRequest request) {
		return body(request).map(requests::importedKey)
			.flatMap(administration::importKey)
			.flatMap(record -> ServerResponse.created(location(record.id())).contentType(MediaType.APPLICATION_JSON)
				.bodyValue(record));
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return administration.list(request.queryParam("organizationId").orElse(null))
			.collectList()
			.flatMap(keys -> json(Map.of("data", keys)));
	}

	Mono<ServerResponse> get(ServerRequest request) {
		return administration.find(request.pathVariable("id")).flatMap(AdminKeysHandler::json);
	}

	Mono<ServerResponse> update(ServerRequest request) {
		return onKey(request, requests::update, administration::update).flatMap(AdminKeysHandler::json);
	}

	Mono<ServerResponse> revoke(ServerRequest request) {
		return administration.revoke(request.pathVariable("id")).flatMap(AdminKeysHandler::json);
	}

	Mono<ServerResponse> roll(ServerRequest request) {
		return onKey(request, requests::gracePeriod, administration::roll)
			.flatMap(issued -> withSecret(HttpStatus.OK, request.pathVariable("id"), requests.issued(issued)));
	}

	/** Does {@code change} to the key of the path, with what {@code reader} makes of the request body. */
	private static <T, R> Mono<R> onKey(ServerRequest request, Function<byte[], T> reader,
			BiFunction<String, T, Mono<R>> change) {
		String id = request.pathVariable("id");
		return body(request).map(reader).flatMap(read -> change.apply(id, read));
	}

	/** The request body; an absent body is empty, which each reader refuses or defaults as it must. */
	private static Mono<byte[]> body(ServerRequest request) {
		return request.bodyToMono(byte[].class).defaultIfEmpty(NO_BODY);
	}

	static Mono<ServerResponse> json(Object body) {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
	}

	private static Mono<ServerResponse> withSecret(HttpStatus status, String id, Map<String, Object> body) {
		return ServerResponse.status(status)
			.location(location(id))
			.header("Cache-Control", "no-store")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body);
	}

	private static URI location(String id) {
		return URI.create("/admin/keys/" + id);
	}
}
