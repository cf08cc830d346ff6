package dev.mcpedge.audit;

import java.time.Clock;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.web.RequestIdWebFilter;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Opens the audit record of every request to an MCP endpoint and, when the exchange ends, writes it and
 * records the request's metrics.
 */
public final class AuditWebFilter implements WebFilter, Ordered {

	private final Set<String> endpoints;

	private final AuditLog log;

	private final Clock clock;

	private final RequestMetrics metrics;

	public AuditWebFilter(Set<String> endpoints, AuditLog log, Clock clock, MeterRegistry meters) {
		this.endpoints = Set.copyOf(endpoints);
		this.log = log;
		this.clock = clock;
		this.metrics = new RequestMetrics(meters);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (!endpoints.contains(path)) {
			return chain.filter(exchange);
		}
		AuditRecord record = new AuditRecord(clock.instant(), System.nanoTime(), path);
		exchange.getAttributes().put(AuditRecord.ATTRIBUTE, record);
		return chain.filter(exchange).doFinally(signal -> {
			EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			boolean cancelled = signal == SignalType.CANCEL;
			log.write(record, RequestIdWebFilter.requestId(exchange), identity, status, cancelled);
			metrics.record(record, exchange.getRequest().getMethod().name(), identity, status, cancelled);
		});
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}
}
