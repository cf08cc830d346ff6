package dev.mcpedge.errors;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** Every error the edge answers with, in one place (DESIGN §4). */
public final class EdgeErrors {

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

	/** The backend cannot be reached: 503. */
	public static EdgeError backendUnavailable() {
		return new EdgeError(HttpStatus.SERVICE_UNAVAILABLE, null, Duration.ofSeconds(1),
				body("error", "backend_unavailable"));
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
