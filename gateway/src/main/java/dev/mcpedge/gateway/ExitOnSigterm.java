package dev.mcpedge.gateway;

import sun.misc.Signal;

/**
 * Makes SIGTERM end the process with status 0, after the same orderly close as before.
 * <p>
 * On SIGTERM the JVM runs its shutdown hooks (Spring Boot's closes the application context: drain
 * delay, graceful shutdown, API keys' last use times, Redis) and then exits with status 143, which
 * process supervisors and Kubernetes report as a failure. SIGTERM is the ordinary way to stop the
 * gateway, so it is handled here as {@code System.exit(0)}, which runs the same hooks; it is called on
 * a thread of its own so the JVM's signal thread stays free. SIGINT (Ctrl-C) keeps the JVM's handling:
 * the same orderly close, then status 130. Installed by {@code main} only, never by an application
 * embedded in another process (or a test).
 */
final class ExitOnSigterm {

	private ExitOnSigterm() {
	}

	static void install() {
		try {
			Signal.handle(new Signal("TERM"), signal -> new Thread(() -> System.exit(0), "sigterm-exit").start());
		}
		catch (IllegalArgumentException ex) {
			// no SIGTERM on this platform, or the JVM keeps it (-Xrs): its own handling applies
		}
	}
}
