package dev.mcpedge.gateway.routes;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.mcpedge.pipeline.HeaderCopy;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * The headers a proxy must not pass on, removed in one copy instead of three: the hop-by-hop headers
 * (RFC 9110 §7.6.1; Spring Cloud Gateway's list, or the operator's in its setting
 * {@code spring.cloud.gateway.server.webflux.filter.remove-hop-by-hop.headers}, see
 * {@link ProxyHeadersConfiguration}) and every header the {@code Connection} header names,
 * in requests and responses; and in requests the {@code Forwarded} and {@code X-Forwarded-*} headers a
 * client sent, which a backend could otherwise take for a proxy's word about the client. Spring Cloud
 * Gateway does the same with three filters, each copying every header of the request
 * ({@link ProxyHeadersConfiguration} puts one of these for requests and one for responses in their
 * place).
 * <p>
 * Runs where Spring Cloud Gateway's hop-by-hop filter ran: after its {@code Transfer-Encoding}
 * normalisation and before the identity headers, which are written last so that nothing a client
 * names in {@code Connection} removes them. The copy is a {@link HeaderCopy}, which the identity
 * headers change in place and the gateway walks without a case-insensitive set of its names.
 */
final class ProxyHeaders implements HttpHeadersFilter, Ordered {

	private static final String FORWARDED = "Forwarded";

	private static final String X_FORWARDED = "X-Forwarded-";

	private final Type type;

	private final Set<String> hopByHop;

	private ProxyHeaders(Type type, Set<String> hopByHop) {
		this.type = type;
		this.hopByHop = caseInsensitive(hopByHop);
	}

	/** For the headers sent to the backend; {@code hopByHop} are the names removed, in any case. */
	static ProxyHeaders request(Set<String> hopByHop) {
		return new ProxyHeaders(Type.REQUEST, hopByHop);
	}

	/** For the headers of the backend's response; {@code hopByHop} are the names removed, in any case. */
	static ProxyHeaders response(Set<String> hopByHop) {
		return new ProxyHeaders(Type.RESPONSE, hopByHop);
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		boolean request = type == Type.REQUEST;
		List<String> named = input.getConnection();
		HttpHeaders output = new HeaderCopy();
		input.forEach((name, values) -> {
			if (!hopByHop.contains(name) && !containsIgnoringCase(named, name) && !(request && forwarded(name))) {
				output.addAll(name, values);
			}
		});
		return output;
	}

	private static boolean forwarded(String name) {
		return name.equalsIgnoreCase(FORWARDED) || name.regionMatches(true, 0, X_FORWARDED, 0, X_FORWARDED.length());
	}

	private static boolean containsIgnoringCase(List<String> names, String name) {
		for (int i = 0; i < names.size(); i++) {
			if (names.get(i).equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private static Set<String> caseInsensitive(Set<String> names) {
		Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		set.addAll(names);
		return set;
	}

	@Override
	public boolean supports(Type type) {
		return type == this.type;
	}

	/** Where Spring Cloud Gateway's hop-by-hop filter runs: last but one, before the identity headers. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 1;
	}
}
