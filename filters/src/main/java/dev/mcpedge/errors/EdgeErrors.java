package dev.mcpedge.errors;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.util.RawValue;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.lang.Nullable;

/** Every error the edge answers with, in one place (DESIGN §4). */
public final class EdgeErrors {

	/**
	 * Exchange attribute holding the JSON-RPC id (as JSON text) of a single request, so that errors
	 * met after the edge read the body (backend down or slow) answer in a JSON-RPC envelope.
	 */
	public static final String JSON_RPC_ID_ATTRIBUTE = EdgeErrors.class.getName() + ".jsonRpcId";

	private EdgeErrors() {
	}

	/** No credential: 401 with the endpoint's challenge and {@code {"error":"unauthorized"}}. */
	public static EdgeError missingCredential(BearerChallenge challenge) {
		return new EdgeError(HttpStatus.UNAUTHORIZED, challenge.render(null, null), null, body("error", "unauthorized"));
	}

	/** An invalid, unknown, revoked or expired credential: 401 {@code invalid_token}. */
	public static EdgeError invalidToken(BearerChallenge challenge, String description) {
		return new EdgeError(HttpStatus.UNAUTHORIZED, challenge.render("invalid_token", description), null,
				body("error", "unauthorized", "error_description", description));
	}

	/** A malformed request for credentials (two bearer values, a key in the query string): 400. */
	public static EdgeError invalidRequest(BearerChallenge challenge, String description) {
		return new EdgeError(HttpStatus.BAD_REQUEST, challenge.render("invalid_request", description), null,
				body("error", "invalid_request", "error_description", description));
	}

	/** A malformed request outside authentication, e.g. an admin API body: 400. */
	public static EdgeError invalidRequest(String description) {
		return new EdgeError(HttpStatus.BAD_REQUEST, null, null,
				body("error", "invalid_request", "error_description", description));
	}

	/** The identity may not act for the organization it asked for: 403. */
	public static EdgeError accessDenied() {
		return new EdgeError(HttpStatus.FORBIDDEN, null, null, body("detail", "Access denied"));
	}

	/** The key store cannot be reached and the key is not cached: 503, never a 401. */
	public static EdgeError credentialStoreUnavailable() {
		return new EdgeError(HttpStatus.SERVICE_UNAVAILABLE, null, Duration.ofSeconds(1),
				body("error", "temporarily_unavailable"));
	}

	/**
	 * An {@code Mcp-Session-Id} this identity did not open, or one the edge does not know: 404, which
	 * tells a client to start a new session; in a JSON-RPC envelope when the request had an id.
	 */
	public static EdgeError sessionNotFound(@Nullable String jsonRpcId) {
		return new EdgeError(HttpStatus.NOT_FOUND, null, null, jsonRpcId == null
				? body("error", "not_found", "error_description", "Session not found; start a new session")
				: jsonRpcErrorBody(jsonRpcId, -32001, "Session not found"));
	}

	/** The session store (Redis) cannot be reached: 503, never a pass. */
	public static EdgeError sessionStoreUnavailable() {
		return new EdgeError(HttpStatus.SERVICE_UNAVAILABLE, null, Duration.ofSeconds(1),
				body("error", "temporarily_unavailable"));
	}

	/** The backend cannot be reached: 503, in a JSON-RPC envelope when the request had an id. */
	public static EdgeError backendUnavailable(@Nullable String jsonRpcId) {
		return backendUnavailable(jsonRpcId, Duration.ofSeconds(1));
	}

	/**
	 * The backend cannot be reached or its circuit is open: 503 with {@code Retry-After}, in a JSON-RPC
	 * envelope when the request had an id.
	 */
	public static EdgeError backendUnavailable(@Nullable String jsonRpcId, Duration retryAfter) {
		return new EdgeError(HttpStatus.SERVICE_UNAVAILABLE, null, retryAfter, jsonRpcId == null
				? body("error", "backend_unavailable")
				: jsonRpcErrorBody(jsonRpcId, -32000, "The MCP server is unavailable; try again shortly"));
	}

	/**
	 * The backend closed the connection without an answer: 502, in a JSON-RPC envelope when the
	 * request had an id. The backend may have seen the request, so it is not sent again.
	 */
	public static EdgeError backendClosedConnection(@Nullable String jsonRpcId) {
		return new EdgeError(HttpStatus.BAD_GATEWAY, null, null, jsonRpcId == null ? body("error", "bad_gateway")
				: jsonRpcErrorBody(jsonRpcId, -32000, "The MCP server closed the connection without answering"));
	}

	/** The backend did not answer in time: 504, in a JSON-RPC envelope when the request had an id. */
	public static EdgeError backendTimeout(@Nullable String jsonRpcId) {
		return new EdgeError(HttpStatus.GATEWAY_TIMEOUT, null, null, jsonRpcId == null ? body("error", "gateway_timeout")
				: jsonRpcErrorBody(jsonRpcId, -32001, "Request timed out: the MCP server did not answer in time"));
	}

	/**
	 * A tool the identity lacks scopes for: 403 with an {@code insufficient_scope} challenge naming
	 * every scope the call needs, so an OAuth client can ask for them.
	 */
	public static EdgeError insufficientScope(BearerChallenge challenge, List<String> scopes, String tool) {
		String needed = String.join(" ", scopes);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("detail", "Access denied");
		body.put("error", "insufficient_scope");
		body.put("scope", needed);
		body.put("error_description", "tool " + tool + " needs the scopes: " + needed);
		return new EdgeError(HttpStatus.FORBIDDEN, challenge.renderInsufficientScope(needed), null,
				Collections.unmodifiableMap(body));
	}

	/** A tool no scope grants, called by an identity restricted to scopes: 403. */
	public static EdgeError toolNotGranted(String tool) {
		return new EdgeError(HttpStatus.FORBIDDEN, null, null,
				body("detail", "Access denied", "error_description", "no scope grants the tool " + tool));
	}

	/** {@code Origin} is present and not allowed: 403. */
	public static EdgeError originNotAllowed() {
		return new EdgeError(HttpStatus.FORBIDDEN, null, null,
				body("error", "forbidden", "error_description", "Origin not allowed"));
	}

	/** A body over the configured limit: 413. */
	public static EdgeError payloadTooLarge(long limit) {
		return new EdgeError(HttpStatus.PAYLOAD_TOO_LARGE, null, null,
				body("error", "payload_too_large", "error_description", "the body exceeds " + limit + " bytes"));
	}

	/**
	 * The backend's answer to {@code tools/list} could not be read and filtered for the caller (a
	 * content type other than JSON or SSE, too large, too deep, malformed, compressed): a JSON-RPC
	 * internal error in its place, never the unfiltered answer. {@code status} is 502 when the backend
	 * answered with success, else the backend's own status (a 404 for an expired session stays a 404).
	 */
	public static EdgeError toolListUnreadable(@Nullable String id, HttpStatus status) {
		return jsonRpcError(status, id, -32603, "Internal error: the edge could not read the server's tools/list answer");
	}

	/** A JSON-RPC error envelope; {@code id} is the request's id as JSON text, or {@code null}. */
	public static EdgeError jsonRpcError(HttpStatus status, @Nullable String id, int code, String message) {
		return new EdgeError(status, null, null, jsonRpcErrorBody(id, code, message));
	}

	/** The members of a JSON-RPC error response. */
	public static Map<String, Object> jsonRpcErrorBody(@Nullable String id, int code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		return envelope(id, "error", error);
	}

	/**
	 * A tool call the edge answers itself with a tool error the model can act on (a test-mode rule
	 * broken): HTTP 200, {@code result.isError: true}.
	 */
	public static Map<String, Object> toolErrorBody(String id, String text) {
		return toolErrorBody(id, text, false);
	}

	/**
	 * {@link #toolErrorBody(String, String)}, with {@code resultType: "complete"} when
	 * {@code complete}: every 2026-07-28 result names its type, and a client of that version refuses
	 * a result without it.
	 */
	public static Map<String, Object> toolErrorBody(String id, String text, boolean complete) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("type", "text");
		content.put("text", text);
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("content", List.of(content));
		result.put("isError", true);
		if (complete) {
			result.put("resultType", "complete");
		}
		return envelope(id, "result", result);
	}

	/** An answer of the edge's own with HTTP 200: one JSON-RPC response or a batch of them. */
	public static EdgeError answer(Object body) {
		return new EdgeError(HttpStatus.OK, null, null, body);
	}

	private static Map<String, Object> envelope(@Nullable String id, String member, Object value) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("jsonrpc", "2.0");
		envelope.put("id", id == null ? null : new RawValue(id));
		envelope.put(member, value);
		return Collections.unmodifiableMap(envelope);
	}

	/** Too many requests: 429 with {@code Retry-After}. */
	public static EdgeError rateLimited(long retryAfterSeconds) {
		return new EdgeError(HttpStatus.TOO_MANY_REQUESTS, null, Duration.ofSeconds(Math.max(1, retryAfterSeconds)),
				body("error", "rate_limited", "error_description", "too many requests; retry after " + Math.max(1, retryAfterSeconds) + " s"));
	}

	/** The request contradicts the state of what it names: 409. */
	public static EdgeError conflict(String description) {
		return new EdgeError(HttpStatus.CONFLICT, null, null, body("error", "conflict", "error_description", description));
	}

	/** Nothing here: 404. */
	public static EdgeError notFound(String description) {
		return new EdgeError(HttpStatus.NOT_FOUND, null, null, body("error", "not_found", "error_description", description));
	}

	/** Any other status, with the status's reason phrase in snake case as {@code error}. */
	public static EdgeError ofStatus(HttpStatusCode code, String description) {
		HttpStatus status = HttpStatus.resolve(code.value());
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String error = status.getReasonPhrase().toLowerCase().replace(' ', '_').replace("-", "_");
		return new EdgeError(status, null, null,
				description == null ? body("error", error) : body("error", error, "error_description", description));
	}

	private static Map<String, Object> body(String... pairs) {
		Map<String, Object> body = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			body.put(pairs[i], pairs[i + 1]);
		}
		return Collections.unmodifiableMap(body);
	}
}
