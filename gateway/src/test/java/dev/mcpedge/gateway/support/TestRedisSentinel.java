package dev.mcpedge.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;

import dev.mcpedge.gateway.dev.EmbeddedRedisServer;

/**
 * A real Redis Sentinel setup on loopback ports: a master, one replica and three Sentinels (quorum
 * 2, a master is down after a second without answers), all redis-server processes of the bundled
 * binary. Tests crash the master with {@link #killMaster()} and wait for the promotion with
 * {@link #awaitNewMaster(int)}; a plain Lettuce client looks into the current master with
 * {@link #onMaster(Function)}.
 * <p>
 * Each server keeps its data and the Sentinels their (rewritten) config files in a temporary
 * directory of its own, removed by {@link #close()}. Everything is stopped by {@link #close()} or at
 * JVM exit; processes left by a killed JVM are stopped by the next {@link EmbeddedRedisServer} start.
 */
public final class TestRedisSentinel implements AutoCloseable {

	/** The master's name in the Sentinels' configuration. */
	public static final String MASTER = "mymaster";

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** Sentinels refresh what they know of a replica every 10 s: waits on their view get longer. */
	private static final Duration SENTINEL_VIEW_TIMEOUT = Duration.ofSeconds(60);

	private final Path directory;

	private final Map<Integer, EmbeddedRedisServer> servers = new ConcurrentHashMap<>();

	private final List<EmbeddedRedisServer> sentinels = new ArrayList<>();

	private final RedisClient client = RedisClient.create();

	private final Thread shutdownHook = new Thread(this::stopAll);

	private TestRedisSentinel(Path directory) {
		this.directory = directory;
		Runtime.getRuntime().addShutdownHook(shutdownHook);
	}

	/** Starts the master, its replica and three Sentinels, and waits until the Sentinels know each other and the replica. */
	public static TestRedisSentinel start() {
		TestRedisSentinel setup = new TestRedisSentinel(TempDirectories.create("mcp-edge-sentinel"));
		try {
			int master = setup.startServer(Ports.free(), List.of());
			setup.startServer(Ports.free(), List.of("--replicaof", "127.0.0.1", Integer.toString(master)));
			for (int i = 0; i < 3; i++) {
				setup.startSentinel(master);
			}
			setup.await("the Sentinels to know each other and the replica", () -> setup.sentinels.stream()
				.allMatch(s -> setup.onSentinel(s, c -> {
					Map<String, String> state = c.master(MASTER);
					return "2".equals(state.get("num-other-sentinels")) && "1".equals(state.get("num-slaves"));
				})));
			return setup;
		}
		catch (RuntimeException ex) {
			setup.close();
			throw ex;
		}
	}

	/** The Sentinels, as Spring Boot's {@code spring.data.redis.sentinel.nodes} takes them. */
	public String nodes() {
		return sentinels.stream().map(s -> "127.0.0.1:" + s.port()).collect(Collectors.joining(","));
	}

	/** The port of the master as the first Sentinel that answers reports it. */
	public int masterPort() {
		for (EmbeddedRedisServer sentinel : sentinels) {
			try {
				return onSentinel(sentinel, c -> ((InetSocketAddress) c.getMasterAddrByName(MASTER)).getPort());
			}
			catch (RuntimeException ex) {
				// ask the next one
			}
		}
		throw new IllegalStateException("no Sentinel answers");
	}

	/** Runs {@code work} on a fresh plain connection to the current master. */
	public <T> T onMaster(Function<RedisCommands<String, String>, T> work) {
		return onServer(masterPort(), work);
	}

	/** Kills the current master with SIGKILL, as a crash would, once a replica can take over; returns its port. */
	public int killMaster() {
		awaitPromotableReplica();
		int port = masterPort();
		servers.remove(port).kill();
		return port;
	}

	/**
	 * Waits until every Sentinel reports a master other than the one on {@code oldPort} and that
	 * master accepts writes; returns its port.
	 */
	public int awaitNewMaster(int oldPort) {
		await("a new master that accepts writes", () -> {
			List<Integer> reported = sentinels.stream()
				.map(s -> onSentinel(s, c -> ((InetSocketAddress) c.getMasterAddrByName(MASTER)).getPort()))
				.distinct()
				.toList();
			return reported.size() == 1 && reported.get(0) != oldPort
					&& "OK".equals(onServer(reported.get(0), c -> c.set("mcp-edge-test:failover-probe", "1")));
		});
		return masterPort();
	}

	/**
	 * Starts the server that listened on {@code port} again, on its data, as a replica of the current
	 * master, and waits until it is in sync and every Sentinel counts it as a good replica.
	 */
	public void restartAsReplica(int port) {
		startServer(port, List.of("--replicaof", "127.0.0.1", Integer.toString(masterPort())));
		await("the replica on port " + port + " to be in sync", SENTINEL_VIEW_TIMEOUT, () -> sentinels.stream()
			.allMatch(s -> onSentinel(s, c -> c.replicas(MASTER)).stream()
				.anyMatch(r -> Integer.toString(port).equals(r.get("port")) && promotable(r))));
	}

	/**
	 * Waits until every Sentinel counts a replica it could promote, and that replica itself says its
	 * link to the master is up and no sync is running. Right after a switchover the demoted master
	 * resyncs, and a failover meanwhile fails with {@code NOGOODSLAVE}.
	 */
	private void awaitPromotableReplica() {
		await("a replica the Sentinels could promote", SENTINEL_VIEW_TIMEOUT, () -> sentinels.stream()
			.allMatch(s -> onSentinel(s, c -> c.replicas(MASTER)).stream().anyMatch(r -> promotable(r)
					&& servers.containsKey(Integer.parseInt(r.get("port"))) && onServer(Integer.parseInt(r.get("port")),
							c -> c.info("replication")).matches("(?s).*master_link_status:up.*master_sync_in_progress:0.*"))));
	}

	private static boolean promotable(Map<String, String> replica) {
		return "slave".equals(replica.get("flags")) && "ok".equals(replica.get("master-link-status"));
	}

	/**
	 * Has the Sentinels promote the replica while the master is up ({@code SENTINEL FAILOVER}), waits
	 * until the new master accepts writes, and returns the old master's port.
	 */
	public int switchover() {
		awaitPromotableReplica();
		int old = masterPort();
		onSentinel(sentinels.get(0), c -> c.failover(MASTER));
		awaitNewMaster(old);
		return old;
	}

	/**
	 * Makes the server on {@code port} a replica of the current master with {@code REPLICAOF}, as an
	 * operator or a tool other than Sentinel would: unlike Sentinel, this keeps its clients connected.
	 */
	public void replicaOfMaster(int port) {
		int master = masterPort();
		onServer(port, c -> c.replicaof("127.0.0.1", master));
	}

	/** Stops every process and removes the directory. */
	@Override
	public void close() {
		stopAll();
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is exiting: the hook runs anyway
		}
	}

	private synchronized void stopAll() {
		sentinels.forEach(EmbeddedRedisServer::close);
		sentinels.clear();
		servers.values().forEach(EmbeddedRedisServer::close);
		servers.clear();
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

	private int startServer(int port, List<String> options) {
		servers.put(port, EmbeddedRedisServer.start(port, directory.resolve(Integer.toString(port)), null, options));
		return port;
	}

	private void startSentinel(int masterPort) {
		int port = Ports.free();
		Path dir = directory.resolve("sentinel-" + port);
		try {
			Files.createDirectories(dir);
			Path config = Files.writeString(dir.resolve("sentinel.conf"), String.join("\n",
					"sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 2",
					"sentinel down-after-milliseconds " + MASTER + " 1000",
					"sentinel failover-timeout " + MASTER + " 3000",
					"sentinel parallel-syncs " + MASTER + " 1", ""));
			sentinels.add(EmbeddedRedisServer.start(port, dir, config, List.of("--sentinel")));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private <T> T onServer(int port, Function<RedisCommands<String, String>, T> work) {
		try (StatefulRedisConnection<String, String> connection = client.connect(uri(port))) {
			return work.apply(connection.sync());
		}
	}

	private <T> T onSentinel(EmbeddedRedisServer sentinel, Function<RedisSentinelCommands<String, String>, T> work) {
		try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel(uri(sentinel.port()))) {
			return work.apply(connection.sync());
		}
	}

	private static RedisURI uri(int port) {
		return RedisURI.Builder.redis("127.0.0.1", port).withTimeout(Duration.ofSeconds(2)).build();
	}

	private static boolean holds(BooleanSupplier condition) {
		try {
			return condition.getAsBoolean();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** Polls {@code condition} until it holds; an exception (a server not answering yet) counts as "not yet". */
	private void await(String what, BooleanSupplier condition) {
		await(what, TIMEOUT, condition);
	}

	private void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!holds(condition)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Gave up waiting for " + what + " after " + timeout);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}
}
