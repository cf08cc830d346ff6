package dev.mcpedge.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Predicate;

import io.lettuce.core.CommandListenerWriter;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisChannelWriter;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.protocol.CommandExpiryWriter;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The data connections a Lettuce client has opened (every connection except those to Sentinels),
 * heard as they connect, so that they can all be dropped at once when the master moves.
 * <p>
 * Dropping closes a connection's socket only: the connection stays the one its users hold, and
 * Lettuce's reconnect asks the Sentinels for the master again, as after any lost connection
 * (commands in flight fail at once, as while Redis is unreachable). Nothing waits for the socket to
 * close and no lock is taken: Spring Data Redis's own reset of its shared connection waited for the
 * close while holding the connection factory's lock, which every Redis command takes, and the close
 * runs on the event loop that a command's callback may occupy while it waits for that lock.
 * Connections are held weakly and closed ones are forgotten.
 */
final class MasterConnections implements RedisConnectionStateListener {

	private static final Log logger = LogFactory.getLog(MasterConnections.class);

	/** The connections, each with the address it last connected to. */
	private final Map<RedisChannelHandler<?, ?>, SocketAddress> connections = Collections
		.synchronizedMap(new WeakHashMap<>());

	@Override
	public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
		if (!(connection instanceof StatefulRedisSentinelConnection<?, ?>)) {
			connections.put(connection, socketAddress);
		}
	}

	/**
	 * Drops every open connection that is not connected to {@code host:port} (the new master), but
	 * those {@code kept} says to keep, without waiting; returns how many were dropped. A connection
	 * already on the new master is left alone, so the same announcement heard again from each Sentinel
	 * moves only the connections that went back to the old master in between.
	 */
	int drop(String host, int port, Predicate<RedisChannelHandler<?, ?>> kept) {
		List<RedisChannelHandler<?, ?>> open;
		synchronized (connections) {
			connections.keySet().removeIf(RedisChannelHandler::isClosed);
			open = connections.entrySet()
				.stream()
				.filter(entry -> !kept.test(entry.getKey()) && !isAt(entry.getValue(), host, port))
				.map(Map.Entry::getKey)
				.toList();
		}
		int dropped = 0;
		for (RedisChannelHandler<?, ?> connection : open) {
			DefaultEndpoint endpoint = endpoint(connection.getChannelWriter());
			if (endpoint != null) {
				endpoint.disconnect();
				dropped++;
			}
			else {
				logger.warn("Cannot move a Redis connection to the new master (" + connection.getChannelWriter().getClass()
						+ "): it stays where it is until it drops");
			}
		}
		return dropped;
	}

	private static boolean isAt(SocketAddress address, String host, int port) {
		return address instanceof InetSocketAddress inet && inet.getPort() == port && (host.equals(inet.getHostString())
				|| (inet.getAddress() != null && host.equals(inet.getAddress().getHostAddress())));
	}

	/** The endpoint under the writers Lettuce may wrap it in (command timeouts, command listeners). */
	private static @Nullable DefaultEndpoint endpoint(RedisChannelWriter writer) {
		RedisChannelWriter current = writer;
		while (true) {
			if (current instanceof DefaultEndpoint endpoint) {
				return endpoint;
			}
			if (current instanceof CommandExpiryWriter expiry) {
				current = expiry.getDelegate();
			}
			else if (current instanceof CommandListenerWriter listener) {
				current = listener.getDelegate();
			}
			else {
				return null;
			}
		}
	}
}
