package dev.mcpedge.web;

import reactor.core.publisher.Mono;

import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers 400, before any other filter looks at the request, when its path has a spelling other
 * than the canonical one.
 * <p>
 * The router matches the decoded path without matrix parameters, so {@code /admin;a=b/keys} and
 * {@code /%61dmin/keys} reach the handler of {@code /admin/keys}. Refused here are Spring Security's
 * strict firewall rules (matrix parameters, encoded {@code /}, {@code .}, {@code %} and {@code \},
 * {@code //}, dot segments, control characters, methods other than the standard seven) and, beyond
 * them, percent-encoded unreserved characters (RFC 3986 §2.3 says they are the same as the character)
 * and anything outside ASCII. So every request that passes has one spelling, and whatever later decides
 * on the path sees what the router sees.
 * <p>
 * The request goes on unwrapped: the strict firewall's wrapper re-checks header names and values on
 * every read, which Netty's HTTP decoder has already done once for the whole request.
 * <p>
 * A plain path ({@link PlainPath}: one the strict rules provably accept) is passed with one look at
 * its characters instead of the strict firewall's dozens of substring searches; the firewall's check
 * of the response headers for CR and LF ({@link ResponseHeaderLineBreaks}) is added to it all the
 * same. Every other path still goes through the strict firewall itself.
 */
public final class PathFirewallWebFilter implements WebFilter, Ordered {

	/** Right after the request id, so that refusals carry {@code X-Request-Id}. */

	private final StrictServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();

	private final ErrorResponder errors;

	public PathFirewallWebFilter(ErrorResponder errors) {
		this.errors = errors;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		String rawPath = request.getURI().getRawPath();
		String ambiguity = ambiguity(rawPath);
		if (ambiguity != null) {
			return refuse(exchange, ambiguity);
		}
		Mono<Void> checked;
		if (PlainPath.accepted(request.getMethod(), rawPath, request.getPath().value())) {
			ResponseHeaderLineBreaks.checkBeforeCommit(exchange.getResponse());
			checked = chain.filter(exchange);
		}
		else {
			checked = strict.getFirewalledExchange(exchange).flatMap(firewalled -> chain.filter(exchange));
		}
		return checked
			.onErrorResume(ServerExchangeRejectedException.class, rejected -> refuse(exchange, rejected.getMessage()));
	}

	private Mono<Void> refuse(ServerWebExchange exchange, String reason) {
		return errors.write(exchange, EdgeErrors.invalidRequest("request refused by the path firewall: " + reason));
	}

	/** What makes a raw path ambiguous beyond the strict firewall's rules, or {@code null}. */
	static @Nullable String ambiguity(@Nullable String rawPath) {
		if (rawPath == null) {
			return null;
		}
		for (int i = 0; i < rawPath.length(); i++) {
			char c = rawPath.charAt(i);
			if (c >= 0x80) {
				return "the path must be ASCII";
			}
			if (c != '%') {
				continue;
			}
			int octet = i + 2 < rawPath.length() ? hexOctet(rawPath.charAt(i + 1), rawPath.charAt(i + 2)) : -1;
			if (octet < 0) {
				return "malformed percent-encoding in the path";
			}
			if (octet >= 0x80) {
				return "the path must be ASCII (percent-encoded byte %" + rawPath.substring(i + 1, i + 3) + ")";
			}
			if (unreserved((char) octet)) {
				return "percent-encoded unreserved character %" + rawPath.substring(i + 1, i + 3)
						+ " in the path (write '" + (char) octet + "')";
			}
			i += 2;
		}
		return null;
	}

	private static int hexOctet(char high, char low) {
		int h = Character.digit(high, 16);
		int l = Character.digit(low, 16);
		return h < 0 || l < 0 ? -1 : h * 16 + l;
	}

	private static boolean unreserved(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

	@Override
	public int getOrder() {
		return FilterOrder.PATH_FIREWALL;
	}
}
