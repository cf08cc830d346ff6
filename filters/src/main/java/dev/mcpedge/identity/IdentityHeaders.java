package dev.mcpedge.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import dev.mcpedge.web.RequestIdWebFilter;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.HeaderCopy;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes the headers that tell the backend who called (DESIGN §6), as the last step of the headers
 * sent to the backend: after every other header filter, including the one that removes the headers a
 * client names in {@code Connection}, so nothing a client sends removes or replaces them.
 * <p>
 * Applies to requests the edge authenticated (with an {@link EdgeIdentity}); others pass unchanged.
 * {@code Authorization} and every inbound header that a backend could read as an identity header are
 * dropped: the same name in any case, and with {@code _} for {@code -} (CGI and WSGI servers fold
 * {@code X-MCP-Edge-Scopes} and {@code X_MCP_Edge_Scopes} into one variable). Every identity header is then present, with an explicit value where there is nothing to
 * say: an empty organization or scope list, access {@value #FULL} or {@value #SCOPED}, and mode
 * {@value #NO_MODE} for an OAuth request that is not a tool call with a mode.
 * <p>
 * Changes the copy of the request's headers the gateway's header filters already made, in one pass,
 * rather than copying them once more.
 */
public final class IdentityHeaders implements HttpHeadersFilter, Ordered {

	/** Exchange attribute holding the mode ({@code live} or {@code test}) the policy settled for a call. */
	public static final String CALL_MODE_ATTRIBUTE = IdentityHeaders.class.getName() + ".callMode";

	/** Access header value of an identity with the full access of its organization, whatever its scopes. */
	public static final String FULL = "full";

	/** Access header value of an identity limited to its scopes. */
	public static final String SCOPED = "scoped";

	/** Mode header value when neither the credential nor the call fixes a mode. */
	public static final String NO_MODE = "none";

	private final IdentityHeaderNames names;

	/** The dropped names, folded. */
	private final String[] dropped;

	public IdentityHeaders(IdentityHeaderNames names) {
		this.names = names;
		this.dropped = Stream
			.of(HttpHeaders.AUTHORIZATION, names.authMethod(), names.principal(), names.organization(), names.scopes(),
					names.access(), names.mode(), names.requestId())
			.map(IdentityHeaders::folded)
			.distinct()
			.toArray(String[]::new);
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		if (identity == null) {
			return input;
		}
		HttpHeaders headers = writable(input);
		List<String> drop = null;
		for (String name : headers.headerNames()) {
			if (dropped(name)) {
				if (drop == null) {
					drop = new ArrayList<>(2);
				}
				drop.add(name);
			}
		}
		if (drop != null) {
			drop.forEach(headers::remove);
		}
		headers.set(names.authMethod(), identity.authMethod().value());
		headers.set(names.principal(), identity.principal());
		headers.set(names.organization(), identity.organizationId() != null ? identity.organizationId() : "");
		headers.set(names.scopes(), String.join(" ", identity.scopes()));
		headers.set(names.access(), identity.unrestricted() ? FULL : SCOPED);
		headers.set(names.mode(), mode(identity, exchange));
		headers.set(names.requestId(), RequestIdWebFilter.requestId(exchange));
		return headers;
	}

	/**
	 * The headers to change: the gateway's own copy as it comes from the header filters before this
	 * one (a {@link HeaderCopy} or a plain {@link HttpHeaders}, made for this request), or a copy when it
	 * is anything else (the request's read-only headers, when no filter before this one copied them).
	 */
	private static HttpHeaders writable(HttpHeaders input) {
		if (input instanceof HeaderCopy || input.getClass() == HttpHeaders.class) {
			return input;
		}
		HttpHeaders copy = new HttpHeaders();
		input.forEach(copy::addAll);
		return copy;
	}

	/**
	 * Whether a backend may see {@code name} as one of the dropped names: compared character by
	 * character without a folded copy of every header name of every request. A name with a character
	 * outside ASCII is folded as a whole, as {@link #folded} does (a few such characters lower-case to
	 * ASCII letters).
	 */
	private boolean dropped(String name) {
		for (String folded : dropped) {
			if (folded.length() == name.length() && foldedEquals(folded, name)) {
				return true;
			}
		}
		for (int i = 0; i < name.length(); i++) {
			if (name.charAt(i) >= 0x80) {
				return Arrays.asList(dropped).contains(folded(name));
			}
		}
		return false;
	}

	/** Whether ASCII {@code name} folds to {@code folded} (of the same length). */
	private static boolean foldedEquals(String folded, String name) {
		for (int i = 0; i < folded.length(); i++) {
			char c = name.charAt(i);
			if (c >= 'A' && c <= 'Z') {
				c = (char) (c + ('a' - 'A'));
			}
			else if (c == '_') {
				c = '-';
			}
			if (c != folded.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/** A header name as a backend may see it: case and {@code _} versus {@code -} do not count. */
	private static String folded(String name) {
		return name.toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static String mode(EdgeIdentity identity, ServerWebExchange exchange) {
		if (identity.mode() != null) {
			return identity.mode().value();
		}
		String call = exchange.getAttribute(CALL_MODE_ATTRIBUTE);
		return call != null ? call : NO_MODE;
	}

	/** Last of the request header filters, after the removal of hop-by-hop and {@code Connection}-named headers. */
	@Override
	public int getOrder() {
		return FilterOrder.IDENTITY_HEADERS;
	}
}
