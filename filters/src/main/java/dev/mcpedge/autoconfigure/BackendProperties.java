package dev.mcpedge.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * The MCP server behind the edge, under {@code mcp-edge.backend}: where it is, how long the edge waits
 * for it, and when it stops asking it (the circuit breaker).
 *
 * @param url the MCP server's endpoint URL, e.g. {@code http://127.0.0.1:3001/mcp}; when unset the
 * gateway application starts its demo MCP server
 * @param testUrl optional sandbox MCP endpoint: every request made with a test API key goes there
 * instead (OAuth callers choose test mode per call, so they stay on {@code url}); needs test mode
 * (a non-empty {@code api-keys.test-prefix})
 * @param responseTimeout longest wait for the backend's response headers (504 past it); an SSE
 * stream is not limited by it once its headers have arrived
 * @param connectTimeout longest wait for a connection to the backend (503 past it)
 * @param sseIdleTimeout an SSE stream from the backend that sends nothing for this long is ended
 * (the client reconnects), so dead streams do not hold connections forever
 * @param circuitBreaker when the backend fails, answer 503 at once instead of piling requests on it
 */
public record BackendProperties(URI url, URI testUrl, @DefaultValue("60s") Duration responseTimeout,
		@DefaultValue("2s") Duration connectTimeout, @DefaultValue("5m") Duration sseIdleTimeout,
		@DefaultValue @NestedConfigurationProperty CircuitBreakerProperties circuitBreaker) {

	public BackendProperties {
		Assert.isTrue(responseTimeout.toMillis() > 0,
				() -> "mcp-edge.backend.response-timeout (" + responseTimeout + ") must be positive");
		Assert.isTrue(connectTimeout.toMillis() > 0 && connectTimeout.toMillis() <= Integer.MAX_VALUE,
				() -> "mcp-edge.backend.connect-timeout (" + connectTimeout + ") must be positive");
		Assert.isTrue(sseIdleTimeout.toMillis() > 0,
				() -> "mcp-edge.backend.sse-idle-timeout (" + sseIdleTimeout + ") must be positive");
	}
}
