package dev.mcpedge.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The orderly stop on SIGTERM, under {@code mcp-edge.shutdown}: readiness goes down at once, then the
 * instance serves on for {@code drainDelay}, then it stops taking connections and requests and lets
 * those in flight finish for at most {@code gracePeriod}; SSE streams still open then are ended (the
 * client sees the stream end and reconnects elsewhere), other requests still running are cut off, and
 * the process exits with status 0.
 *
 * @param drainDelay how long the instance keeps serving normally after SIGTERM, with readiness
 * down, so that load balancers stop sending to it before it stops accepting connections;
 * default 0s (Kubernetes: a few seconds, as endpoint removal lags the SIGTERM)
 * @param gracePeriod how long requests and SSE streams in flight may take to finish once the
 * instance stops accepting; default 30s
 */
public record ShutdownProperties(@DefaultValue("0s") Duration drainDelay, @DefaultValue("30s") Duration gracePeriod) {

	public ShutdownProperties {
		Assert.isTrue(!drainDelay.isNegative(),
				() -> "mcp-edge.shutdown.drain-delay (" + drainDelay + ") must not be negative");
		Assert.isTrue(!gracePeriod.isNegative(),
				() -> "mcp-edge.shutdown.grace-period (" + gracePeriod + ") must not be negative");
	}
}
