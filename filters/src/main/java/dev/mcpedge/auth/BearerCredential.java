package dev.mcpedge.auth;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;

/**
 * The bearer credential of a request, from the {@code Authorization} header only (RFC 6750 §2.1).
 * A credential in the query string is refused rather than ignored, so it never reaches the backend.
 */
sealed interface BearerCredential {

	/** No bearer credential was sent. */
	record None() implements BearerCredential {
	}

	/** The request is malformed as far as credentials go; {@code description} is safe to show. */
	record Malformed(String description) implements BearerCredential {
	}

	/** One bearer value. */
	record Present(String token) implements BearerCredential {
	}

	BearerCredential NONE = new None();

	static BearerCredential of(ServerHttpRequest request) {
		MultiValueMap<String, String> query = request.getQueryParams();
		if (query.containsKey("access_token") || query.containsKey("api_key")) {
			return new Malformed("credentials are accepted only in the Authorization header, never in the query string");
		}
		// raw values: getValuesAsList would split "Bearer a, Bearer b" at the comma
		List<String> values = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
		if (values == null || values.isEmpty()) {
			return NONE;
		}
		if (values.size() > 1) {
			return new Malformed("more than one Authorization header");
		}
		String value = values.get(0).trim();
		if (value.equalsIgnoreCase("Bearer")) {
			return new Malformed("empty bearer credential");
		}
		if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return NONE;
		}
		String token = value.substring(7).trim();
		if (token.isEmpty()) {
			return new Malformed("empty bearer credential");
		}
		if (token.indexOf(' ') >= 0 || token.indexOf(',') >= 0) {
			return new Malformed("more than one bearer credential");
		}
		return new Present(token);
	}
}
