package dev.mcpedge.web;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.util.Assert;

/**
 * The check {@link StrictServerWebExchangeFirewall} adds to every request it accepts: just before the
 * response is committed, a header name or value with CR or LF fails the response (an
 * {@link IllegalArgumentException} naming the header, never its value). The path firewall adds it
 * itself to the requests it passes without the strict firewall ({@link PlainPath}), so those are
 * answered exactly as the others.
 */
final class ResponseHeaderLineBreaks {

	private ResponseHeaderLineBreaks() {
	}

	/** Checks the response's headers for line breaks before it is committed. */
	static void checkBeforeCommit(ServerHttpResponse response) {
		response.beforeCommit(() -> Mono.fromRunnable(() -> check(response.getHeaders())));
	}

	static void check(HttpHeaders headers) {
		headers.forEach((name, values) -> {
			for (String value : values) {
				Assert.isTrue(!hasLineBreak(name) && !hasLineBreak(value),
						() -> "Invalid characters (CR/LF) in header " + name);
			}
		});
	}

	private static boolean hasLineBreak(String value) {
		return value != null && (value.indexOf('\n') != -1 || value.indexOf('\r') != -1);
	}
}
