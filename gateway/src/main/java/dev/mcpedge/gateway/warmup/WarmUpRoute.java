package dev.mcpedge.gateway.warmup;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The warm-up's route as its requests see it: a path of 128 random bits, open while the warm-up runs
 * and only to connections from this host, and closed for good when it ends.
 */
final class WarmUpRoute {

	private final String path;

	private volatile boolean open = true;

	WarmUpRoute() {
		byte[] random = new byte[16];
		new SecureRandom().nextBytes(random);
		this.path = "/mcp-edge-warm-up/" + HexFormat.of().formatHex(random);
	}

	String path() {
		return path;
	}

	/** Whether {@code request} may take the route: while it is open, from this host only. */
	boolean admits(ServerHttpRequest request) {
		if (!open) {
			return false;
		}
		InetSocketAddress remote = request.getRemoteAddress();
		InetSocketAddress local = request.getLocalAddress();
		return remote != null && remote.getAddress() != null && (remote.getAddress().isLoopbackAddress()
				|| (local != null && remote.getAddress().equals(local.getAddress())));
	}

	/** Whether {@code request} is one of the warm-up's, for leaving it out of the HTTP server metrics. */
	boolean carries(ServerHttpRequest request) {
		return open && request.getPath().value().equals(path);
	}

	void close() {
		open = false;
	}
}
