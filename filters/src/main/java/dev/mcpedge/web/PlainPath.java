package dev.mcpedge.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Tells, in one pass over its characters, whether a request is one that Spring Security's
 * {@link StrictServerWebExchangeFirewall} (default settings) accepts for certain, so the path firewall
 * can pass it without the strict firewall's substring searches.
 * <p>
 * Accepted here: one of the strict firewall's seven methods, and a raw path made only of letters,
 * digits, {@code /} and the characters {@code - . _ ~ : @ ! $ & ' ( ) * + , =}, without {@code //}
 * and without a {@code .} or {@code ..} segment, which the router reads as it is (the request path
 * equals the raw path). Without {@code %} the decoded path is the raw path, so none of the strict
 * firewall's encoded or decoded blocklists ({@code ; // \ %} null, CR, LF, encoded {@code / . %},
 * U+2028, U+2029) can match, and its normalization check passes. Anything else is not decided here
 * ({@code false}): the caller asks the strict firewall. {@code PlainPathDifferentialTests} holds the
 * two to the same decisions over a generated corpus.
 */
final class PlainPath {

	private static final boolean[] ALLOWED = new boolean[128];

	static {
		for (char c = 'a'; c <= 'z'; c++) {
			ALLOWED[c] = true;
			ALLOWED[Character.toUpperCase(c)] = true;
		}
		for (char c = '0'; c <= '9'; c++) {
			ALLOWED[c] = true;
		}
		for (char c : "/-._~:@!$&'()*+,=".toCharArray()) {
			ALLOWED[c] = true;
		}
	}

	private PlainPath() {
	}

	/**
	 * Whether the strict firewall accepts a request with this method, raw path and request path value
	 * for certain; {@code false} when it may not.
	 */
	static boolean accepted(HttpMethod method, @Nullable String rawPath, String requestPath) {
		return standard(method) && rawPath != null && !rawPath.isEmpty() && rawPath.equals(requestPath)
				&& plain(rawPath);
	}

	/** The strict firewall's default methods: {@code DELETE GET HEAD OPTIONS PATCH POST PUT}. */
	private static boolean standard(HttpMethod method) {
		return method == HttpMethod.POST || method == HttpMethod.GET || method == HttpMethod.DELETE
				|| method == HttpMethod.HEAD || method == HttpMethod.OPTIONS || method == HttpMethod.PATCH
				|| method == HttpMethod.PUT;
	}

	/** Allowed characters only, no {@code //}, no {@code .} or {@code ..} segment. */
	private static boolean plain(String path) {
		int segmentStart = 0;
		int length = path.length();
		for (int i = 0; i < length; i++) {
			char c = path.charAt(i);
			if (c >= 128 || !ALLOWED[c]) {
				return false;
			}
			if (c == '/') {
				if (i > 0 && path.charAt(i - 1) == '/') {
					return false;
				}
				if (dotSegment(path, segmentStart, i)) {
					return false;
				}
				segmentStart = i + 1;
			}
		}
		return !dotSegment(path, segmentStart, length);
	}

	/** Whether {@code path[start, end)} is {@code .} or {@code ..}. */
	private static boolean dotSegment(String path, int start, int end) {
		int length = end - start;
		return (length == 1 && path.charAt(start) == '.')
				|| (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.');
	}
}
