package dev.mcpedge.gateway.server;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the instance serving normally for {@code mcp-edge.shutdown.drain-delay} once it is told to
 * stop, before the web server's graceful shutdown stops accepting.
 * <p>
 * Spring Boot reports readiness {@code REFUSING_TRAFFIC} as soon as the context begins to close, so
 * during this delay {@code /actuator/health/readiness} answers 503 while requests are still served:
 * load balancers (a Kubernetes Service's endpoints, which lag the SIGTERM) stop sending new
 * connections before any is refused. Its phase is just above the graceful shutdown's, so it stops
 * before it and everything after it, and it blocks the closing thread for the delay, so nothing else
 * stops meanwhile; the management server, when on a port of its own, is stopped later still. From
 * then on {@link #draining()} is true, and {@link DrainingConnectionClose} has every response close
 * its connection.
 */
final class DrainDelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DrainDelay.class);

	private final Duration delay;

	private volatile boolean running;

	private volatile boolean draining;

	DrainDelay(Duration delay) {
		this.delay = delay;
	}

	@Override
	public void start() {
		draining = false;
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		if (delay.isZero()) {
			return;
		}
		draining = true;
		logger.info("Shutting down: readiness is down; serving on for mcp-edge.shutdown.drain-delay ("
				+ DurationStyle.SIMPLE.print(delay) + ") so that load balancers stop sending here");
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Whether the instance is serving out its drain delay. */
	boolean draining() {
		return draining;
	}

	/** Like the web server's graceful shutdown: not stopped when the context is only paused. */
	@Override
	public boolean isPauseable() {
		return false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}
}
