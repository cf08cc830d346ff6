package dev.mcpedge.errors;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.jspecify.annotations.Nullable;

/** Every error the edge answers with, in one place (DESIGN §4). */
public final class EdgeErrors {

	/**
	 * Exchange attribute holding the JSON-RPC id (as JSON text) of a single request, so that errors
	 * met after the edge read the body (backend down or slow) answer in a JSON-RPC envelope.
	 */
	public static final String JSON_RPC_ID_ATTRIBUTE = EdgeErrors.class.getName() + ".jsonRpcId";

	private static final String ACCESS_DENIED = "Access denied";

	private EdgeErrors() {
	}

	/** No credential: 401 with the endpoint's challenge and {@code {"error":"unauthorized"}}. */
	public static EdgeError missingCredential(BearerChallenge challenge) {
		return json(HttpStatus.UNAUTHORIZED, "unauthorized", null, Challenge.of(challenge), null);
	}

	/** An invalid, unknown, revoked or expired credential: 401 {@code invalid_token}. */
	public static EdgeError invalidToken(BearerChallenge challenge, String description) {
		return json(HttpStatus.UNAUTHORIZED, "unauthorized", description,
				Challenge.refused(challenge, "invalid_token", description), null);
	}

	/** A malformed request for credentials (two bearer values, a key in the query string): 400. */
	public static EdgeError invalidRequest(BearerChallenge challenge, String description) {
		return json(HttpStatus.BAD_REQUEST, "invalid_request", description,
				Challenge.refused(challenge, "invalid_request", description), null);
	}

	/** A malformed request outside authentication, e.g. an admin API body: 400. */
	public static EdgeError invalidRequest(String description) {
		return json(HttpStatus.BAD_REQUEST, "invalid_request", description, null, null);
	}

	/** The identity may not act for the organization it asked for: 403. */
	public static EdgeError accessDenied() {
		return new EdgeError(HttpStatus.FORBIDDEN, null, null, ACCESS_DENIED, null, null,
				new ErrorBody.Json(ACCESS_DENIED, null));
	}

	/** The key store cannot be reached and the key is not cached: 503, never a 401. */
	public static EdgeError credentialStoreUnavailable() {
		return temporarilyUnavailable();
	}

	/**
	 * An {@code Mcp-Session-Id} this identity did not open, or one the edge does not know: 404, which
	 * tells a client to start a new session; in a JSON-RPC envelope when the request had an id.
	 */
	public static EdgeError sessionNotFound(@Nullable String jsonRpcId) {
		return jsonRpcId == null
				? json(HttpStatus.NOT_FOUND, "not_found", "Session not found; start a new session", null, null)
				: jsonRpc(HttpStatus.NOT_FOUND, jsonRpcId, -32001, "Session not found", null);
	}

	/** The session store (Redis) cannot be reached: 503, never a pass. */
	public static EdgeError sessionStoreUnavailable() {
		return temporarilyUnavailable();
	}

	private static EdgeError temporarilyUnavailable() {
		return json(HttpStatus.SERVICE_UNAVAILABLE, "temporarily_unavailable", null, null, Duration.ofSeconds(1));
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
		return jsonRpcId == null ? json(HttpStatus.SERVICE_UNAVAILABLE, "backend_unavailable", null, null, retryAfter)
				: jsonRpc(HttpStatus.SERVICE_UNAVAILABLE, jsonRpcId, -32000,
						"The MCP server is unavailable; try again shortly", retryAfter);
	}

	/**
	 * The backend closed the connection without an answer: 502, in a JSON-RPC envelope when the
	 * request had an id. The backend may have seen the request, so it is not sent again.
	 */
	public static EdgeError backendClosedConnection(@Nullable String jsonRpcId) {
		return jsonRpcId == null ? json(HttpStatus.BAD_GATEWAY, "bad_gateway", null, null, null)
				: jsonRpc(HttpStatus.BAD_GATEWAY, jsonRpcId, -32000,
						"The MCP server closed the connection without answering", null);
	}

	/** The backend did not answer in time: 504, in a JSON-RPC envelope when the request had an id. */
	public static EdgeError backendTimeout(@Nullable String jsonRpcId) {
		return jsonRpcId == null ? json(HttpStatus.GATEWAY_TIMEOUT, "gateway_timeout", null, null, null)
				: jsonRpc(HttpStatus.GATEWAY_TIMEOUT, jsonRpcId, -32001,
						"Request timed out: the MCP server did not answer in time", null);
	}

	/**
	 * A tool the identity lacks scopes for: 403 with an {@code insufficient_scope} challenge naming
	 * every scope the call needs, so an OAuth client can ask for them.
	 */
	public static EdgeError insufficientScope(BearerChallenge challenge, List<String> scopes, String tool) {
		String needed = String.join(" ", scopes);
		String description = "tool " + tool + " needs the scopes: " + needed;
		return new EdgeError(HttpStatus.FORBIDDEN, "insufficient_scope", description, description,
				Challenge.insufficientScope(challenge, needed), null, new ErrorBody.Json(ACCESS_DENIED, needed));
	}

	/** A tool no scope grants, called by an identity restricted to scopes: 403. */
	public static EdgeError toolNotGranted(String tool) {
		String description = "no scope grants the tool " + tool;
		return new EdgeError(HttpStatus.FORBIDDEN, null, description, description, null, null,
				new ErrorBody.Json(ACCESS_DENIED, null));
	}

	/** {@code Origin} is present and not allowed: 403. */
	public static EdgeError originNotAllowed() {
		return json(HttpStatus.FORBIDDEN, "forbidden", "Origin not allowed", null, null);
	}

	/** A body over the configured limit: 413. */
	public static EdgeError payloadTooLarge(long limit) {
		return json(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", "the body exceeds " + limit + " bytes", null, null);
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
		return jsonRpc(status, id, code, message, null);
	}

	/**
	 * A tool call the edge answers itself with a tool error the model can act on (a test-mode rule
	 * broken): HTTP 200, {@code result.isError: true}; with {@code resultType: "complete"} when
	 * {@code complete}: every 2026-07-28 result names its type, and a client of that version refuses
	 * a result without it.
	 */
	public static EdgeError toolError(@Nullable String id, String text, boolean complete) {
		return new EdgeError(HttpStatus.OK, null, text, text, null, null, new ErrorBody.ToolError(id, complete));
	}

	/** The answer to a message of a batch that was not sent because another message was refused. */
	public static EdgeError notSentWithBatch(@Nullable String id) {
		return jsonRpcError(HttpStatus.OK, id, -32000,
				"Not sent: another message of this batch was refused; send them again without it");
	}

	/**
	 * A batch the edge answers itself (HTTP 200) because a message was refused: {@code answers} has one
	 * answer per message that needs one ({@link #toolError}, {@link #notSentWithBatch}).
	 */
	public static EdgeError batch(List<EdgeError> answers) {
		return new EdgeError(HttpStatus.OK, null, null, "a message of the batch was refused", null, null,
				new ErrorBody.Batch(answers));
	}

	/** Too many requests: 429 with {@code Retry-After}. */
	public static EdgeError rateLimited(long retryAfterSeconds) {
		long seconds = Math.max(1, retryAfterSeconds);
		return json(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "too many requests; retry after " + seconds + " s", null,
				Duration.ofSeconds(seconds));
	}

	/** The request contradicts the state of what it names: 409. */
	public static EdgeError conflict(String description) {
		return json(HttpStatus.CONFLICT, "conflict", description, null, null);
	}

	/** Nothing here: 404. */
	public static EdgeError notFound(String description) {
		return json(HttpStatus.NOT_FOUND, "not_found", description, null, null);
	}

	/** Any other status, with the status's reason phrase in snake case as {@code error}. */
	public static EdgeError ofStatus(HttpStatusCode code, @Nullable String description) {
		HttpStatus status = HttpStatus.resolve(code.value());
		if (status == null) {
			status = HttpStatus.INTERNAL_SERVER_ERROR;
		}
		String error = status.getReasonPhrase().toLowerCase().replace(' ', '_').replace("-", "_");
		return json(status, error, description, null, null);
	}

	/** A plain JSON error; the audit reason is the description, else the code. */
	private static EdgeError json(HttpStatus status, String code, @Nullable String description,
			@Nullable Challenge challenge, @Nullable Duration retryAfter) {
		return new EdgeError(status, code, description, description != null ? description : code, challenge, retryAfter,
				ErrorBody.Json.PLAIN);
	}

	/** A JSON-RPC error; the audit reason is its message. */
	private static EdgeError jsonRpc(HttpStatus status, @Nullable String id, int code, String message,
			@Nullable Duration retryAfter) {
		return new EdgeError(status, null, message, message, null, retryAfter, new ErrorBody.JsonRpc(id, code));
	}
}
