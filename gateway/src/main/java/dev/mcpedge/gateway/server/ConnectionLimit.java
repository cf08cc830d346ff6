package dev.mcpedge.gateway.server;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Counts the open client connections of this instance and closes each one accepted beyond the cap.
 * <p>
 * Thread-safe: connections are accepted on every event loop. One WARN is logged when the cap is
 * reached, and another only once the count has gone back under it and reaches it again. The meters
 * are {@code mcp.edge.connections.open} (gauge) and {@code mcp.edge.connections.refused} (counter).
 */
final class ConnectionLimit implements MeterBinder {

	private static final Log logger = LogFactory.getLog(ConnectionLimit.class);

	private final int maxConnections;

	private final AtomicInteger open = new AtomicInteger();

	private final LongAdder refused = new LongAdder();

	private final AtomicBoolean capReached = new AtomicBoolean();

	// one listener for every connection, so admitting one allocates nothing of ours
	private final ChannelFutureListener release = future -> released();

	ConnectionLimit(int maxConnections) {
		Assert.isTrue(maxConnections >= 1, () -> "maxConnections (" + maxConnections + ") must be at least 1");
		this.maxConnections = maxConnections;
	}

	/**
	 * Counts a connection just accepted, or closes it when the cap is reached.
	 * @return whether the connection was admitted (it is counted until it closes)
	 */
	boolean admit(Channel channel) {
		if (open.incrementAndGet() > maxConnections) {
			open.decrementAndGet();
			refused.increment();
			if (capReached.compareAndSet(false, true)) {
				logger.warn("Open connections reached mcp-edge.server.max-connections (" + maxConnections
						+ "): new connections are closed at once until some close (count in mcp_edge_connections_refused_total)");
			}
			channel.close();
			return false;
		}
		channel.closeFuture().addListener(release);
		return true;
	}

	private void released() {
		if (open.decrementAndGet() < maxConnections && capReached.get()) {
			capReached.set(false);
		}
	}

	int open() {
		return open.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("mcp.edge.connections.open", this, ConnectionLimit::open)
			.description("Client connections open on this instance")
			.register(registry);
		FunctionCounter.builder("mcp.edge.connections.refused", refused, LongAdder::doubleValue)
			.description("Client connections closed at once because mcp-edge.server.max-connections were open")
			.register(registry);
	}
}
