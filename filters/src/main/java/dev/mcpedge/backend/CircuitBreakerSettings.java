package dev.mcpedge.backend;

import java.time.Duration;

/**
 * How {@link BackendCircuitBreakerFilter}'s circuits open and close (the
 * {@code mcp-edge.backend.circuit-breaker.*} settings, whose documentation gives the defaults and
 * limits).
 *
 * @param failureRateThreshold percentage of failed calls in the window that opens the circuit
 * @param slidingWindowSize how many of the latest calls the failure rate is computed over
 * @param minimumNumberOfCalls calls needed in the window before the rate counts
 * @param waitDurationInOpenState how long the circuit stays open before letting probe calls through
 * @param permittedCallsInHalfOpenState probe calls let through while half open
 */
public record CircuitBreakerSettings(float failureRateThreshold, int slidingWindowSize, int minimumNumberOfCalls,
		Duration waitDurationInOpenState, int permittedCallsInHalfOpenState) {
}
