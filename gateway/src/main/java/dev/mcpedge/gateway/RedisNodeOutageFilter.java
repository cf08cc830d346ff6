package dev.mcpedge.gateway;

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
 * The first of them becomes one warning of this class's own (the node and Lettuce's reason, saying that
 * repeats are left out); the repeats, and Lettuce's {@code Reconnecting} lines for that node, are
 * dropped until a connection to the node opens again ({@link #connected}), which is logged once. All
 * else Lettuce logs passes: other failures, other nodes, and a node failing again after
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

	/** The nodes down, by {@code host:port}, with the time of their last failure ({@link System#nanoTime()}). */
	private final Map<String, Long> down = new ConcurrentHashMap<>();

	@Override
	public FilterReply decide(Marker marker, Logger log, Level level, String format, Object[] params, Throwable t) {
		if (format == null || level == null) {
			return FilterReply.NEUTRAL;
		}
		String name = log.getName();
		if (level == Level.INFO && name.equals(WATCHDOG) && format.equals(RECONNECTING) && params != null
				&& params.length == 1) {
			return down.containsKey(node(String.valueOf(params[0]))) ? FilterReply.DENY : FilterReply.NEUTRAL;
		}
		if (level != Level.WARN || !(name.equals(TOPOLOGY_REFRESH) || name.equals(WATCHDOG))) {
			return FilterReply.NEUTRAL;
		}
		Matcher failure = FAILURE.matcher(format);
		if (!failure.find()) {
			return FilterReply.NEUTRAL;
		}
		String node = node(failure.group(1));
		long now = System.nanoTime();
		Long last = down.put(node, now);
		if (last == null || now - last > NEW_OUTAGE_AFTER.toNanos()) {
			logger.warn("Redis node " + node + " unreachable: " + format
					+ " (Lettuce keeps trying; further failures to connect to it are not logged until it answers again)");
		}
		return FilterReply.DENY;
	}

	/** A connection to {@code address} opened: logs once that a node reported down is back. */
	void connected(SocketAddress address) {
		if (address instanceof InetSocketAddress inet && !down.isEmpty()) {
			String byName = inet.getHostString() + ":" + inet.getPort();
			String byAddress = inet.getAddress() == null ? byName : inet.getAddress().getHostAddress() + ":" + inet.getPort();
			boolean wasDown = down.remove(byName) != null;
			wasDown |= down.remove(byAddress) != null;
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
