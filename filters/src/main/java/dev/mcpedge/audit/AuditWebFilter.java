package dev.mcpedge.audit;

import java.time.Clock;
import java.util.Set;

import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.web.RequestIdWebFilter;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/** Opens the audit record of every request to an MCP endpoint and writes it when the exchange ends. */
public final class AuditWebFilter implements WebFilter, Ordered {

	private final Set<String> endpoints;

	private final AuditLog log;

	private final Clock clock;

	public AuditWebFilter(Set<String> endpoints, AuditLog log, Clock clock) {
		this.endpoints = Set.copyOf(endpoints);
		this.log = log;
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!endpoints.contains(path)) {
			return chain.filter(exchange);
		}
		AuditRecord record = new AuditRecord(clock.instant(), System.nanoTime(), path);
		exchange.getAttributes().put(AuditRecord.ATTRIBUTE, record);
		return chain.filter(exchange).doFinally(signal -> log.write(record, RequestIdWebFilter.requestId(exchange),
				exchange.getAttribute(EdgeIdentity.ATTRIBUTE), exchange.getResponse().getStatusCode(),
				signal == SignalType.CANCEL));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}
}
