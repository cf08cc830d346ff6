package dev.mcpedge.web;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;

/**
 * The check {@link StrictServerWebExchangeFirewall} adds to every request it accepts: just before the
 * response is committed, a header name or value with CR or LF fails the response (an
 * {@link IllegalArgumentException} naming the header, never its value). The path firewall adds it
 * itself to the requests it passes without the strict firewall ({@link PlainPath}), so those are
 * answered exactly as the others.
 * <p>
 * The headers are first scanned as they are stored (Reactor Netty's own headers, name by name and
 * value by value, without {@link HttpHeaders#forEach}'s case-insensitive set of the names); only when
 * that finds a line break are they walked as the strict firewall walks them, so that the exception
 * names the same header.
 */
final class ResponseHeaderLineBreaks {

	private ResponseHeaderLineBreaks() {
	}

	/** Checks the response's headers for line breaks before it is committed. */
	static void checkBeforeCommit(ServerHttpResponse response) {
		response.beforeCommit(() -> Mono.fromRunnable(() -> check(response)));
	}

	static void check(ServerHttpResponse response) {
		HttpHeaders headers = response.getHeaders();
		io.netty.handler.codec.http.HttpHeaders stored = nettyHeaders(response, headers);
		if (stored != null ? anyLineBreak(stored) : anyLineBreak(headers.asMultiValueMap())) {
			check(headers);
		}
	}

	/** The strict firewall's walk: the first header, in its order, with a line break fails the response. */
	static void check(HttpHeaders headers) {
		headers.forEach((name, values) -> {
			for (String value : values) {
				Assert.isTrue(!hasLineBreak(name) && !hasLineBreak(value),
						() -> "Invalid characters (CR/LF) in header " + name);
			}
		});
	}

	/** Reactor Netty's headers behind {@code headers}, or {@code null} when they are stored otherwise. */
	private static io.netty.handler.codec.http.@Nullable HttpHeaders nettyHeaders(ServerHttpResponse response,
			HttpHeaders headers) {
		if (headers.asMultiValueMap() instanceof Netty4HeadersAdapter
				&& response instanceof AbstractServerHttpResponse stored
				&& stored.getNativeResponse() instanceof HttpServerResponse netty) {
			return netty.responseHeaders();
		}
		return null;
	}

	static boolean anyLineBreak(io.netty.handler.codec.http.HttpHeaders headers) {
		Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
		while (entries.hasNext()) {
			Map.Entry<CharSequence, CharSequence> entry = entries.next();
			if (hasLineBreak(entry.getKey()) || hasLineBreak(entry.getValue())) {
				return true;
			}
		}
		return false;
	}

	static boolean anyLineBreak(MultiValueMap<String, String> headers) {
		for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
			if (hasLineBreak(entry.getKey())) {
				return true;
			}
			for (String value : entry.getValue()) {
				if (hasLineBreak(value)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean hasLineBreak(@Nullable CharSequence value) {
		if (value == null) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\n' || c == '\r') {
				return true;
			}
		}
		return false;
	}
}
