package dev.mcpedge.backend;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.OrderedStep;
import dev.mcpedge.routing.SandboxRoutingFilter;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * A Resilience4j circuit breaker around the call to the backend, one for the MCP server
 * ({@code backend}) and one for the sandbox ({@code sandbox}). While a circuit is open, requests get
 * 503 with {@code Retry-After} at once, without touching the backend; after the wait, a few probe
 * calls decide whether it closes again.
 * <p>
 * Runs right before the gateway's routing filter, whose completion means the backend's response
 * headers arrived: that is when a call's outcome is recorded, so an SSE stream counts as one
 * successful call however long it then runs ({@link FilterOrder#CIRCUIT_BREAKER}; on the route as
 * {@code McpCircuitBreaker}). Failures: no connection, no answer within the response timeout (504),
 * or a 502, 503 or 504 from the backend. Nothing is retried.
 */
public final class BackendCircuitBreakerFilter extends OrderedStep {

	private static final Log logger = LogFactory.getLog(BackendCircuitBreakerFilter.class);

	private final Breaker backend;

	private final Breaker sandbox;

	private final ErrorResponder errors;

	public BackendCircuitBreakerFilter(CircuitBreakerSettings settings, ErrorResponder errors,
			MeterRegistry meters) {
		super("McpCircuitBreaker", FilterOrder.CIRCUIT_BREAKER);
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumNumberOfCalls())
			.waitDurationInOpenState(settings.waitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpenState())
			.build());
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		this.backend = new Breaker(registry.circuitBreaker("backend"), settings.waitDurationInOpenState());
		this.sandbox = new Breaker(registry.circuitBreaker("sandbox"), settings.waitDurationInOpenState());
		this.errors = errors;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Breaker breaker = Boolean.TRUE.equals(exchange.getAttribute(SandboxRoutingFilter.SANDBOXED_ATTRIBUTE)) ? sandbox
				: backend;
		CircuitBreaker circuit = breaker.circuit;
		if (!circuit.tryAcquirePermission()) {
			return errors.write(exchange,
					EdgeErrors.backendUnavailable(exchange.getAttribute(EdgeErrors.JSON_RPC_ID_ATTRIBUTE), breaker.retryAfter()));
		}
		long start = System.nanoTime();
		AtomicBoolean recorded = new AtomicBoolean();
		return chain.filter(exchange).doOnSuccess(done -> {
			if (recorded.compareAndSet(false, true)) {
				HttpStatusCode status = exchange.getResponse().getStatusCode();
				long elapsed = System.nanoTime() - start;
				if (status != null && (status.value() == 502 || status.value() == 503 || status.value() == 504)) {
					circuit.onError(elapsed, TimeUnit.NANOSECONDS, new BackendStatusException(status.value()));
				}
				else {
					circuit.onSuccess(elapsed, TimeUnit.NANOSECONDS);
				}
			}
		}).doOnError(ex -> {
			if (recorded.compareAndSet(false, true)) {
				circuit.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, ex);
			}
		}).doOnCancel(() -> {
			if (recorded.compareAndSet(false, true)) {
				circuit.releasePermission(); // the client left before the backend answered: no verdict
			}
		});
	}

	/** A circuit and when it last opened, for {@code Retry-After}. */
	private static final class Breaker {

		final CircuitBreaker circuit;

		private final Duration wait;

		private volatile long openedAt = System.nanoTime();

		Breaker(CircuitBreaker circuit, Duration wait) {
			this.circuit = circuit;
			this.wait = wait;
			circuit.getEventPublisher().onStateTransition(event -> {
				switch (event.getStateTransition().getToState()) {
					case OPEN -> {
						openedAt = System.nanoTime();
						logger.warn("Circuit '" + circuit.getName() + "' opened (" + circuit.getMetrics().getFailureRate()
								+ "% of recent calls failed): answering 503 for " + wait + " before probing the backend again");
					}
					case CLOSED -> logger.info("Circuit '" + circuit.getName() + "' closed: the backend answers again");
					default -> logger.debug("Circuit '" + circuit.getName() + "': " + event.getStateTransition());
				}
			});
		}

		/** Until the circuit lets probes through: at least a second. */
		Duration retryAfter() {
			long left = wait.toNanos() - (System.nanoTime() - openedAt);
			return Duration.ofSeconds(Math.max(1, (long) Math.ceil(left / 1e9)));
		}
	}

	/** A 502, 503 or 504 from the backend, recorded as a failed call. */
	private static final class BackendStatusException extends RuntimeException {

		BackendStatusException(int status) {
			super("backend answered " + status, null, false, false);
		}
	}
}
