package dev.mcpedge.gateway.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Loopback ports for tests that must know a port before a server starts (or that nothing listens on). */
public final class Ports {

	private Ports() {
	}

	/** A port free on 127.0.0.1 right now. */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}
}
