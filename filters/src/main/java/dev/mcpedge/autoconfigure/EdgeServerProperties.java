package dev.mcpedge.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Limits of the HTTP server on client connections, under {@code mcp-edge.server} (named apart from
 * Spring Boot's own {@code ServerProperties}); the idle timeout between requests is Spring Boot's
 * {@code server.netty.idle-timeout}.
 *
 * @param requestReadTimeout longest time from the first byte of a request until its headers and
 * body have arrived whole; past it the client gets 408 (or the connection is closed when part of a
 * response was already written). Responses being sent, such as SSE streams, are not limited by it.
 * Applies to HTTP/1.1
 * @param maxConnections most client connections open at once on this instance; a connection
 * beyond it is closed as soon as it is accepted
 */
public record EdgeServerProperties(@DefaultValue("60s") Duration requestReadTimeout,
		@DefaultValue("10000") int maxConnections) {

	public EdgeServerProperties {
		Assert.isTrue(requestReadTimeout.toMillis() > 0,
				() -> "mcp-edge.server.request-read-timeout (" + requestReadTimeout + ") must be positive");
		Assert.isTrue(maxConnections >= 1,
				() -> "mcp-edge.server.max-connections (" + maxConnections + ") must be at least 1");
	}
}
