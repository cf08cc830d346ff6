package dev.mcpedge.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The warm-up of a new instance before it reports ready, under {@code mcp-edge.warm-up}: for
 * {@code duration} the instance sends MCP requests to itself, through every step of an MCP route, to a
 * backend of its own on the loopback interface, so that the JIT compiler has compiled the request
 * path before the first client request arrives. Nothing of it reaches the backend, Redis's key store,
 * the audit log or the request metrics.
 *
 * @param duration how long the warm-up runs before readiness goes up; default 0s (none). About 30s
 * brings a 2-core instance to most of its warm throughput
 * @param connections the connections the warm-up sends its requests on at once; default 16
 */
public record WarmUpProperties(@DefaultValue("0s") Duration duration, @DefaultValue("16") int connections) {

	public WarmUpProperties {
		Assert.isTrue(!duration.isNegative(), () -> "mcp-edge.warm-up.duration (" + duration + ") must not be negative");
		Assert.isTrue(connections > 0, () -> "mcp-edge.warm-up.connections (" + connections + ") must be positive");
	}

	/** Whether there is a warm-up at all. */
	public boolean enabled() {
		return !duration.isZero();
	}
}
