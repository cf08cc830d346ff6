package dev.mcpedge.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.slf4j.Marker;

/**
 * Lettuce's warnings about a Redis node it cannot connect to, once per outage instead of about once a
 * second. While a node is down (a crashed cluster node stays in the cluster's topology until it
 * returns or is forgotten), Lettuce's topology refresh tries every node about once a second and each
 * connection to the node reconnects, and each attempt logs a warning ({@code Unable to connect to
 * [host:port]: ...}, {@code Cannot reconnect to [host:port]: ...}).
 * <p>
 * The first of them becomes one warning of this class's own (the node, Lettuce's reason and its
 * exception, saying that repeats are left out); repeats of the same failure of the same node, and
 * Lettuce's {@code Reconnecting} lines for that node, are dropped until a connection to the node is
 * up again, handshake included ({@link #connected}), which is logged once. All else Lettuce logs
 * passes: another failure of the same node (another reason, say a refused password after refused
 * connections), a failure whose exception is not a failure to connect, other nodes, and a node failing again after
 * {@link #NEW_OUTAGE_AFTER} without failures counts as a new outage, so nothing stays hidden for long
 * even if its return went unnoticed.
 */
final class RedisNodeOutageFilter extends TurboFilter {

	/** A node whose failures stopped this long ago and start again is reported again. */
	static final Duration NEW_OUTAGE_AFTER = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(RedisNodeOutageFilter.class);

	private static final String TOPOLOGY_REFRESH = "io.lettuce.core.cluster.topology.DefaultClusterTopologyRefresh";

	private static final String WATCHDOG = "io.lettuce.core.protocol.ConnectionWatchdog";

	private static final String RECONNECTING = "Reconnecting, last destination was {}";

	private static final Pattern FAILURE = Pattern.compile("^(?:Unable to connect to|Cannot reconnect to) \\[(.+?)](?:: |$)");

	/** Separates a node from its failure's reason in the keys of {@link #down}. */
	private static final String REASON = "\n";

	/**
	 * The failures of nodes down, by {@code host:port}, reason and exception, with the time each was
	 * last seen ({@link System#nanoTime()}).
	 */
	private final Map<String, Long> down = new ConcurrentHashMap<>();

	@Override
	public FilterReply decide(Marker marker, Logger log, Level level, String format, Object[] params, Throwable t) {
		if (format == null || level == null) {
			return FilterReply.NEUTRAL;
		}
		String name = log.getName();
		if (level == Level.INFO && name.equals(WATCHDOG) && format.equals(RECONNECTING) && params != null
				&& params.length == 1) {
			return isDown(node(String.valueOf(params[0]))) ? FilterReply.DENY : FilterReply.NEUTRAL;
		}
		if (level != Level.WARN || !(name.equals(TOPOLOGY_REFRESH) || name.equals(WATCHDOG))) {
			return FilterReply.NEUTRAL;
		}
		Matcher failure = FAILURE.matcher(format);
		if (!failure.find() || !connectionFailure(t)) {
			return FilterReply.NEUTRAL;
		}
		String node = node(failure.group(1));
		// the same failure of the same node: the reason Lettuce wrote after the address, and the exception
		String key = node + REASON + format.substring(failure.end()) + (t != null ? REASON + t.getClass().getName() : "");
		long now = System.nanoTime();
		Long last = down.put(key, now);
		if (last == null || now - last > NEW_OUTAGE_AFTER.toNanos()) {
			logger.warn("Redis node " + node + " unreachable: " + format
					+ " (Lettuce keeps trying; the same failure is not logged again until it answers again)", t);
		}
		return FilterReply.DENY;
	}

	/** Whether {@code t} is none, or says that no connection opened (an I/O error at its root). */
	private static boolean connectionFailure(Throwable t) {
		for (Throwable cause = t; cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException || cause.getClass().getName().equals("io.lettuce.core.RedisConnectionException")
					&& cause.getCause() == null) {
				return true;
			}
		}
		return t == null;
	}

	private boolean isDown(String node) {
		String prefix = node + REASON;
		return down.keySet().stream().anyMatch(key -> key.startsWith(prefix));
	}

	/** A connection to {@code address} opened: logs once that a node reported down is back. */
	void connected(SocketAddress address) {
		if (address instanceof InetSocketAddress inet && !down.isEmpty()) {
			String byName = inet.getHostString() + ":" + inet.getPort();
			String byAddress = inet.getAddress() == null ? byName : inet.getAddress().getHostAddress() + ":" + inet.getPort();
			boolean wasDown = down.keySet().removeIf(key -> key.startsWith(byName + REASON) || key.startsWith(byAddress + REASON));
			if (wasDown) {
				logger.info("Redis node " + byName + " answers again");
			}
		}
	}

	/**
	 * {@code host:port} of an address as Lettuce prints it: {@code host/ip:port},
	 * {@code host/<unresolved>:port}, {@code /ip:port} or {@code host:port}.
	 */
	static String node(String printed) {
		String address = printed.contains("://") ? printed.substring(printed.indexOf("://") + 3) : printed;
		int colon = address.lastIndexOf(':');
		if (colon < 0) {
			return address;
		}
		String port = address.substring(colon + 1);
		String host = address.substring(0, colon);
		int slash = host.indexOf('/');
		if (slash >= 0) {
			host = slash > 0 ? host.substring(0, slash) : host.substring(1);
		}
		return host + ":" + port;
	}
}
