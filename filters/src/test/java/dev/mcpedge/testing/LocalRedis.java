package dev.mcpedge.testing;

import java.io.IOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A redis-server of its own on a free port (the binary the embedded-redis jar bundles, so no Redis
 * needs installing by hand), with a started Lettuce connection factory to it: the Redis of this
 * module's tests and benchmarks. Closing it closes the connections and stops the server.
 */
public final class LocalRedis implements AutoCloseable {

	private final int port;

	private final RedisServer server;

	private final LettuceConnectionFactory connections;

	private LocalRedis(int port) throws IOException {
		this.port = port;
		this.server = new RedisServer(port);
		this.server.start();
		this.connections = connect(port);
	}

	/** Starts a redis-server on a free port. */
	public static LocalRedis start() throws IOException {
		return new LocalRedis(freePort());
	}

	/** A port nothing listens on (at the time of asking). */
	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** A started connection factory to {@code 127.0.0.1:port}, whether or not a server listens there. */
	public static LettuceConnectionFactory connect(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	public int port() {
		return port;
	}

	/** The server's {@code redis://} URL, for clients of its own. */
	public String url() {
		return "redis://127.0.0.1:" + port;
	}

	public LettuceConnectionFactory connections() {
		return connections;
	}

	@Override
	public void close() throws IOException {
		connections.destroy();
		server.stop();
	}
}
