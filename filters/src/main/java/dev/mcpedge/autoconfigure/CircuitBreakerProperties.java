package dev.mcpedge.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * A circuit breaker per backend (the sandbox has its own), under
 * {@code mcp-edge.backend.circuit-breaker}. A call fails when the backend cannot be reached, does not
 * answer within {@code response-timeout}, or answers 502, 503 or 504; its outcome is known when the
 * response headers arrive, so long SSE streams are ordinary calls.
 *
 * @param enabled whether calls are counted and the circuit can open
 * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
 * @param slidingWindowSize how many of the latest calls the failure rate is computed over
 * @param minimumNumberOfCalls calls needed in the window before the rate counts
 * @param waitDurationInOpenState how long the circuit stays open (503 with {@code Retry-After} at
 * once) before letting probe calls through
 * @param permittedCallsInHalfOpenState probe calls let through; the circuit closes when they succeed
 * well enough, and opens again otherwise
 */
public record CircuitBreakerProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("50") float failureRateThreshold, @DefaultValue("20") int slidingWindowSize,
		@DefaultValue("10") int minimumNumberOfCalls, @DefaultValue("10s") Duration waitDurationInOpenState,
		@DefaultValue("3") int permittedCallsInHalfOpenState) {

	public CircuitBreakerProperties {
		Assert.isTrue(failureRateThreshold > 0 && failureRateThreshold <= 100, () ->
				"mcp-edge.backend.circuit-breaker.failure-rate-threshold (" + failureRateThreshold + ") must be in (0, 100]");
		Assert.isTrue(slidingWindowSize >= 1 && minimumNumberOfCalls >= 1 && permittedCallsInHalfOpenState >= 1,
				"mcp-edge.backend.circuit-breaker sizes and counts must be at least 1");
		Assert.isTrue(waitDurationInOpenState.toMillis() >= 1, () -> "mcp-edge.backend.circuit-breaker."
				+ "wait-duration-in-open-state (" + waitDurationInOpenState + ") must be positive");
	}
}
