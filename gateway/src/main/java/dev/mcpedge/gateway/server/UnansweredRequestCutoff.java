package dev.mcpedge.gateway.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.pipeline.FilterOrder;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

/**
 * Answers {@code 504} to every request still waiting for the backend's answer when the shutdown grace
 * period runs out ({@link #cutOff()}), in a JSON-RPC envelope when the request had an id, as when the
 * backend does not answer within its response timeout: the backend call is cancelled, and the client
 * gets an answer instead of a connection closed under it. A response already begun (an SSE stream,
 * which {@link GracePeriodCutoff} ends, or a body being written) is left alone.
 * <p>
 * Wraps the call to the backend just outside the circuit breaker, which thus sees a cancelled call (no
 * verdict) rather than a failure, and inside the audit filter, which records the 504. Requests in
 * flight are kept in a concurrent set (constant cost per request, however many streams are open),
 * each until its exchange ends.
 */
final class UnansweredRequestCutoff implements GlobalFilter, Ordered {

	private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();

	private final ErrorResponder errors;

	private volatile boolean over;

	UnansweredRequestCutoff(ErrorResponder errors) {
		this.errors = errors;
	}

	/**
	 * Cuts off every request in flight still waiting for the backend (and any that would still come).
	 * @return how many were cut off
	 */
	int cutOff() {
		over = true;
		return (int) inFlight.stream().filter(InFlight::cutIfUnanswered).count();
	}

	/** Lets requests through uncut again (the context was started again after a stop). */
	void resume() {
		over = false;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		InFlight request = new InFlight(exchange);
		return chain.filter(exchange)
			.takeUntilOther(request.cut.asMono())
			.doOnSubscribe(subscription -> {
				inFlight.add(request);
				if (over) {
					request.cutIfUnanswered();
				}
			})
			.doFinally(signal -> inFlight.remove(request))
			.then(Mono.defer(() -> request.wasCut.get() ? errors.write(exchange,
					EdgeErrors.backendTimeout(exchange.getAttribute(EdgeErrors.JSON_RPC_ID_ATTRIBUTE))) : Mono.empty()));
	}

	@Override
	public int getOrder() {
		return FilterOrder.UNANSWERED_REQUEST_CUTOFF;
	}

	/** One request in flight and the signal that cuts it off (identity equality: one per exchange). */
	private static final class InFlight {

		private final ServerWebExchange exchange;

		private final Sinks.Empty<Void> cut = Sinks.empty();

		private final AtomicBoolean wasCut = new AtomicBoolean();

		InFlight(ServerWebExchange exchange) {
			this.exchange = exchange;
		}

		boolean cutIfUnanswered() {
			if (exchange.getResponse().isCommitted() || !wasCut.compareAndSet(false, true)) {
				return false;
			}
			cut.tryEmitEmpty();
			return true;
		}
	}
}
