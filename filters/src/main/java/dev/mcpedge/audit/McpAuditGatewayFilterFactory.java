package dev.mcpedge.audit;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.SignalType;

import dev.mcpedge.errors.EdgeError;
import dev.mcpedge.errors.EdgeExchanges;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.web.RequestIdWebFilter;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.NamedStep;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * Opens the audit record of every request its route serves and, when the exchange ends, writes it and
 * records the request's metrics. Bound to the route rather than to a path string, so every spelling of
 * the path that the router accepts is audited once, under the endpoint's own path. YAML name:
 * {@code McpAudit}. As the first step of an MCP route, it also claims the exchange for the edge's error
 * handler ({@link EdgeExchanges}).
 */
public class McpAuditGatewayFilterFactory extends AbstractGatewayFilterFactory<McpAuditGatewayFilterFactory.Config> {

	private final AuditLog log;

	private final Clock clock;

	private final RequestMetrics metrics;

	public McpAuditGatewayFilterFactory(AuditLog log, Clock clock, MeterRegistry meters) {
		super(Config.class);
		this.log = log;
		this.clock = clock;
		this.metrics = new RequestMetrics(meters);
	}

	@Override
	public GatewayFilter apply(Config config) {
		String configured = config.getEndpoint();
		return NamedStep.of(toString() + "[endpoint=" + configured + "]", FilterOrder.AUDIT, (exchange, chain) -> {
			AuditRecord record = new AuditRecord(clock.instant(), System.nanoTime(),
					configured != null ? configured : matchedPattern(exchange));
			exchange.getAttributes().put(AuditRecord.ATTRIBUTE, record);
			EdgeExchanges.claim(exchange);
			return chain.filter(exchange).doFinally(signal -> {
				EdgeError answered = ErrorResponder.answered(exchange);
				if (answered != null) {
					record.refused(answered.auditReason());
				}
				EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				boolean cancelled = signal == SignalType.CANCEL;
				log.write(record, RequestIdWebFilter.requestId(exchange), identity, status, cancelled);
				metrics.record(record, exchange.getRequest().getMethod().name(), identity, status, cancelled);
			});
		});
	}

	/** The path pattern the route matched: a bounded value for metric tags, unlike the request path. */
	private static String matchedPattern(ServerWebExchange exchange) {
		String pattern = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_PREDICATE_MATCHED_PATH_ATTR);
		return pattern != null ? pattern : "unknown";
	}

	@Override
	public String toString() {
		return "McpAudit";
	}

	/** Per-route settings. */
	public static class Config {

		private String endpoint;

		/** The endpoint's path as records and metrics name it; default the route's path pattern. */
		public String getEndpoint() {
			return endpoint;
		}

		public Config setEndpoint(String endpoint) {
			this.endpoint = endpoint;
			return this;
		}
	}
}
