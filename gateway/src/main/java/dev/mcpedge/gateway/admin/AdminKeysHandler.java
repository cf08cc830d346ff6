package dev.mcpedge.gateway.admin;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import reactor.core.publisher.Mono;

import dev.mcpedge.audit.AuditLog;
import dev.mcpedge.audit.KeyChange;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyRecord;

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

	private final AuditLog audit;

	AdminKeysHandler(ApiKeyAdministration administration, KeyRequests requests, AuditLog audit) {
		this.administration = administration;
		this.requests = requests;
		this.audit = audit;
	}

	Mono<ServerResponse> create(ServerRequest request) {
		return body(request).map(requests::newKey)
			.flatMap(administration::create)
			.doOnNext(issued -> audited(KeyChange.Action.CREATED, issued.record()))
			.flatMap(issued -> withSecret(HttpStatus.CREATED, issued.record().id(), requests.issued(issued)));
	}

	Mono<ServerResponse> importKey(ServerRequest request) {
		return body(request).map(requests::importedKey)
			.flatMap(administration::importKey)
			.doOnNext(record -> audited(KeyChange.Action.IMPORTED, record))
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
		return onKey(request, requests::update, administration::update)
			.doOnNext(record -> audited(KeyChange.Action.UPDATED, record))
			.flatMap(AdminKeysHandler::json);
	}

	Mono<ServerResponse> revoke(ServerRequest request) {
		return administration.revoke(request.pathVariable("id"))
			.doOnNext(record -> audited(KeyChange.Action.REVOKED, record))
			.flatMap(AdminKeysHandler::json);
	}

	Mono<ServerResponse> roll(ServerRequest request) {
		return onKey(request, requests::gracePeriod, administration::roll)
			.doOnNext(issued -> audited(KeyChange.Action.ROLLED, issued.record()))
			.flatMap(issued -> withSecret(HttpStatus.OK, request.pathVariable("id"), requests.issued(issued)));
	}

	/** The audit record of a change made with the admin token: by {@code admin} of {@code mcp-edge}, never the secret. */
	private void audited(KeyChange.Action action, ApiKeyRecord key) {
		audit.keyChanged(new KeyChange(action, "mcp-edge", "admin", "admin-api", key.id(), key.organizationId(),
				Instant.now()));
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
