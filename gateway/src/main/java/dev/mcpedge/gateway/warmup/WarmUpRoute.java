package dev.mcpedge.gateway.warmup;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

import reactor.netty.Connection;

import org.jspecify.annotations.Nullable;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

/**
 * The warm-up's route as its requests see it: a path of 128 random bits, open while the warm-up runs
 * and only to connections from this host (the connection's own address, never one a forwarded
 * header claims), and closed for good when it ends.
 */
final class WarmUpRoute {

	private final String path;

	private final @Nullable InetAddress serverAddress;

	private volatile boolean open = true;

	/** @param serverAddress the address the server is bound to, when not all of the host's */
	WarmUpRoute(@Nullable InetAddress serverAddress) {
		byte[] random = new byte[16];
		new SecureRandom().nextBytes(random);
		this.path = "/mcp-edge-warm-up/" + HexFormat.of().formatHex(random);
		this.serverAddress = serverAddress;
	}

	String path() {
		return path;
	}

	/**
	 * Whether {@code request} may take the route: while it is open, and when its connection comes from
	 * the loopback interface or from the address the server is bound to, where the warm-up connects.
	 */
	boolean admits(ServerHttpRequest request) {
		if (!open) {
			return false;
		}
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		if (!(nativeRequest instanceof Connection connection)) {
			return false;
		}
		SocketAddress remote = connection.channel().remoteAddress();
		if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
			return false;
		}
		return inet.getAddress().isLoopbackAddress() || inet.getAddress().equals(serverAddress);
	}

	/** Whether {@code request} is one of the warm-up's, for leaving it out of the HTTP server metrics. */
	boolean carries(ServerHttpRequest request) {
		return open && request.getPath().value().equals(path);
	}

	void close() {
		open = false;
	}
}
