package dev.mcpedge.gateway.server;

import reactor.core.publisher.Mono;

import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * During the drain delay ({@link DrainDelay}), answers every request with {@code Connection: close},
 * so that each client holding a keep-alive connection to this instance (a reverse proxy's upstream
 * pool, an MCP client) closes it after its answer and opens its next one through the load balancer,
 * to another instance. Otherwise those connections would stay here until the graceful shutdown
 * closes them while idle, and a request sent at that moment would fail.
 */
final class DrainingConnectionClose implements WebFilter, Ordered {

	private final DrainDelay drain;

	DrainingConnectionClose(DrainDelay drain) {
		this.drain = drain;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		exchange.getResponse().beforeCommit(() -> {
			if (drain.draining()) {
				exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

	/** Early: around the edge's own answers (admin API, refusals) as well as the backend's. */
	@Override
	public int getOrder() {
		return FilterOrder.DRAINING_CONNECTION_CLOSE;
	}
}
