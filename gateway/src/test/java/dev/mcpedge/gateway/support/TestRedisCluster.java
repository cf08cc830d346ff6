package dev.mcpedge.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

import dev.mcpedge.gateway.dev.EmbeddedRedisServer;

/**
 * A real Redis Cluster on loopback: six redis-server processes (the binary bundled for
 * {@link EmbeddedRedisServer}), three masters with one replica each, built without redis-cli by
 * {@code CLUSTER MEET}, {@code CLUSTER ADDSLOTS} and {@code CLUSTER REPLICATE}. The node timeout is
 * one second, so a killed master's replica takes over within a few seconds.
 * <p>
 * Ports are below 55536 (the cluster bus listens on port + 10000). The processes stop on
 * {@link #close()} and at JVM exit; those of a killed JVM are stopped by the next
 * {@link EmbeddedRedisServer} start, as any orphan of it.
 */
public final class TestRedisCluster implements AutoCloseable {

	private static final int SLOTS = 16384;

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);

	private final Path home;

	private final Map<Integer, EmbeddedRedisServer> servers = new LinkedHashMap<>();

	private final Map<Integer, EmbeddedRedisServer> frozen = new LinkedHashMap<>();

	private final RedisClient nodeClient = RedisClient.create();

	private RedisClusterClient clusterClient;

	private StatefulRedisClusterConnection<String, String> cluster;

	private boolean closed;

	private TestRedisCluster(Path home) {
		this.home = home;
	}

	/** Starts six nodes, forms the cluster and waits until it is healthy with every replica attached. */
	public static TestRedisCluster start() {
		TestRedisCluster cluster = new TestRedisCluster(TempDirectories.create("mcp-edge-cluster"));
		Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
		try {
			for (int port : freePorts(6)) {
				cluster.startNode(port);
			}
			cluster.form();
			return cluster;
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
	}

	/** The nodes as {@code spring.data.redis.cluster.nodes} takes them: {@code 127.0.0.1:port,...}. */
	public String nodes() {
		return servers.keySet().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
	}

	/** Commands on the cluster, routed by slot, following failovers. */
	public synchronized RedisAdvancedClusterCommands<String, String> commands() {
		if (cluster == null) {
			clusterClient = RedisClusterClient.create(servers.keySet().stream()
				.map(port -> RedisURI.create("127.0.0.1", port)).toList());
			clusterClient.setOptions(ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.adaptiveRefreshTriggersTimeout(Duration.ofMillis(200))
					.build())
				.build());
			cluster = clusterClient.connect();
		}
		return cluster.sync();
	}

	/** The port of the master serving the slot of {@code key}, as a running node sees it. */
	public int masterOf(String key) {
		int slot = SlotHash.getSlot(key);
		return topology().stream()
			.filter(node -> node.master() && !node.failed() && node.serves(slot))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no master serves slot " + slot))
			.port();
	}

	/** Ports of the running nodes on which a client subscribed to {@code channel}. */
	public List<Integer> subscribedNodes(String channel) {
		return running().stream()
			.filter(port -> onNode(port, redis -> redis.pubsubNumsub(channel).getOrDefault(channel, 0L)) > 0)
			.toList();
	}

	/** How many subscriptions to {@code channel} the running nodes hold, all together. */
	public long subscriptions(String channel) {
		return running().stream()
			.mapToLong(port -> onNode(port, redis -> redis.pubsubNumsub(channel).getOrDefault(channel, 0L)))
			.sum();
	}

	/** Whether the node on {@code port} is a master now. */
	public boolean isMaster(int port) {
		return onNode(port, redis -> redis.role().get(0).toString().equals("master"));
	}

	/** The port of the master of the node on {@code port}: its own for a master, its master's for a replica. */
	public int shardOf(int port) {
		List<Node> topology = topology();
		Node node = topology.stream().filter(n -> n.port() == port).findFirst().orElseThrow();
		return node.master() ? port
				: topology.stream().filter(n -> n.id().equals(node.masterId())).findFirst().orElseThrow().port();
	}

	/** Kills the node on {@code port} with {@code SIGKILL}, as a crash would: no goodbye to clients or the cluster. */
	public synchronized void kill(int port) {
		EmbeddedRedisServer server = servers.get(port) != null ? servers.get(port) : frozen.remove(port);
		server.kill();
		servers.put(port, null);
	}

	/**
	 * Stops the node on {@code port} with {@code SIGSTOP}, as a frozen machine or a network partition
	 * would: its connections stay open but nothing answers. It counts as down here; {@link #kill} ends it.
	 */
	public synchronized void freeze(int port) {
		EmbeddedRedisServer server = servers.put(port, null);
		frozen.put(port, server);
		try {
			new ProcessBuilder("kill", "-STOP", Long.toString(server.pid())).start().waitFor();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Starts a killed node again on its port and data, and waits until it has rejoined the cluster (a
	 * former master as a replica of its successor) and the cluster is healthy.
	 */
	public void restart(int port) {
		synchronized (this) {
			servers.put(port, startServer(port));
		}
		await(Duration.ofSeconds(20), () -> healthy() && onNode(port, redis -> redis.info("replication"))
			.contains("master_link_status:up"), "node " + port + " back as a replica");
	}

	/**
	 * Waits until every slot is served by a running master and every running node says
	 * {@code cluster_state:ok}; returns how long that took.
	 */
	public Duration awaitHealthy(Duration timeout) {
		long start = System.nanoTime();
		await(timeout, this::healthy, "cluster healthy again");
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/** Waits until every replica has everything its master has, so a failover loses no write made before. */
	public void awaitReplicasInSync() {
		await(Duration.ofSeconds(10), () -> topology().stream().filter(Node::master).allMatch(master -> {
			long offset = onNode(master.port(), TestRedisCluster::offset);
			return topology().stream()
				.filter(node -> master.id().equals(node.masterId()) && !node.failed())
				.allMatch(replica -> onNode(replica.port(), TestRedisCluster::offset) >= offset);
		}), "replicas in sync");
	}

	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		if (cluster != null) {
			cluster.close();
			clusterClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
			cluster = null;
		}
		nodeClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
		frozen.values().forEach(EmbeddedRedisServer::kill);
		frozen.clear();
		servers.values().stream().filter(server -> server != null).forEach(EmbeddedRedisServer::close);
		servers.replaceAll((port, server) -> null);
		try (Stream<Path> files = Files.walk(home)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: left for the system to clean
		}
	}

	private void startNode(int port) {
		servers.put(port, startServer(port));
	}

	private EmbeddedRedisServer startServer(int port) {
		return EmbeddedRedisServer.start(port, home.resolve(Integer.toString(port)),
				List.of("--cluster-enabled", "yes", "--cluster-node-timeout", Long.toString(NODE_TIMEOUT.toMillis()),
						"--cluster-replica-validity-factor", "0", "--appendfsync", "everysec"));
	}

	/** Meets all nodes, gives the first three a third of the slots each, makes the others their replicas. */
	private void form() {
		List<Integer> ports = List.copyOf(servers.keySet());
		for (int port : ports.subList(1, ports.size())) {
			onNode(ports.get(0), redis -> redis.clusterMeet("127.0.0.1", port));
		}
		for (int i = 0; i < 3; i++) {
			int from = SLOTS * i / 3;
			int to = SLOTS * (i + 1) / 3;
			onNode(ports.get(i), redis -> redis.clusterAddSlots(IntStream.range(from, to).toArray()));
		}
		await(FORMATION_TIMEOUT, () -> ports.stream().allMatch(port -> onNode(port, TestRedisCluster::parse).size() == ports.size()),
				"all nodes know each other");
		for (int i = 0; i < 3; i++) {
			String masterId = onNode(ports.get(i), RedisCommands::clusterMyId);
			onNode(ports.get(i + 3), redis -> redis.clusterReplicate(masterId));
		}
		await(FORMATION_TIMEOUT, () -> healthy() && ports.subList(0, 3).stream()
			.allMatch(port -> onNode(port, redis -> redis.info("replication")).contains("state=online")), "cluster formed");
	}

	private boolean healthy() {
		List<Integer> running = running();
		List<Node> topology = topology();
		boolean covered = IntStream.range(0, SLOTS).allMatch(slot -> topology.stream()
			.anyMatch(node -> node.master() && !node.failed() && node.serves(slot) && running.contains(node.port())));
		return covered && running.stream().allMatch(port -> onNode(port, RedisCommands::clusterInfo).contains("cluster_state:ok"));
	}

	private List<Integer> running() {
		synchronized (this) {
			return servers.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
		}
	}

	/** The cluster as the first running node sees it. */
	private List<Node> topology() {
		return onNode(running().get(0), TestRedisCluster::parse);
	}

	private <T> T onNode(int port, Function<RedisCommands<String, String>, T> action) {
		RedisURI uri = RedisURI.create("127.0.0.1", port);
		uri.setTimeout(Duration.ofSeconds(2));
		try (StatefulRedisConnection<String, String> connection = nodeClient.connect(uri)) {
			return action.apply(connection.sync());
		}
	}

	private static long offset(RedisCommands<String, String> redis) {
		String info = redis.info("replication");
		String key = info.contains("role:master") ? "master_repl_offset:" : "slave_repl_offset:";
		int at = info.indexOf(key) + key.length();
		return Long.parseLong(info.substring(at, info.indexOf('\r', at)).trim());
	}

	/** One line of {@code CLUSTER NODES}. */
	private record Node(String id, int port, boolean master, boolean failed, String masterId, List<int[]> slots) {

		boolean serves(int slot) {
			return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
		}
	}

	private static List<Node> parse(RedisCommands<String, String> redis) {
		List<Node> nodes = new ArrayList<>();
		for (String line : redis.clusterNodes().split("\n")) {
			String[] parts = line.trim().split(" ");
			if (parts.length < 8) {
				continue;
			}
			String address = parts[1];
			int port = Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
			List<int[]> slots = new ArrayList<>();
			for (int i = 8; i < parts.length; i++) {
				if (!parts[i].startsWith("[")) {
					String[] range = parts[i].split("-");
					slots.add(new int[] { Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1]) });
				}
			}
			nodes.add(new Node(parts[0], port, parts[2].contains("master"), parts[2].contains("fail"), parts[3], slots));
		}
		return nodes;
	}

	private static void await(Duration timeout, Supplier<Boolean> condition, String what) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				if (condition.get()) {
					return;
				}
			}
			catch (RuntimeException ex) {
				// a node still starting or just killed: ask again
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Redis Cluster: timed out waiting for " + what);
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

	/** {@code count} ports free on loopback whose cluster bus ports (+10000) are free too, all below 55536. */
	private static List<Integer> freePorts(int count) {
		List<Integer> ports = new ArrayList<>();
		while (ports.size() < count) {
			int port = ThreadLocalRandom.current().nextInt(20000, 45000);
			if (!ports.contains(port) && !ports.contains(port + 10000) && !ports.contains(port - 10000) && free(port)
					&& free(port + 10000)) {
				ports.add(port);
			}
		}
		return ports;
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}
}
