package dev.mcpedge.web;

import java.util.concurrent.ThreadLocalRandom;

import reactor.core.publisher.Mono;

import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every exchange a request id and puts it in {@code X-Request-Id} of every response, the
 * backend's, the edge's own and error responses alike. An inbound {@code X-Request-Id} is not
 * trusted: the id is always the edge's own, so logs, audit and backend agree on one value.
 */
public final class RequestIdWebFilter implements WebFilter, Ordered {

	/** Response header carrying the request id. */
	public static final String HEADER = "X-Request-Id";

	/** First of the edge's web filters. */

	/** Exchange attribute holding the request id as a {@link String}. */
	public static final String ATTRIBUTE = RequestIdWebFilter.class.getName() + ".requestId";

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = newId();
		exchange.getAttributes().put(ATTRIBUTE, id);
		exchange.getResponse().beforeCommit(() -> {
			exchange.getResponse().getHeaders().set(HEADER, id);
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	/** The exchange's request id. */
	public static String requestId(ServerWebExchange exchange) {
		String id = exchange.getAttribute(ATTRIBUTE);
		return id != null ? id : exchange.getRequest().getId();
	}

	static String newId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		// the top bit set keeps each half at 16 hex digits
		return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

	@Override
	public int getOrder() {
		return FilterOrder.REQUEST_ID;
	}
}
