package dev.mcpedge.gateway.server;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import dev.mcpedge.sessions.OpenStreams;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

/**
 * Ends what is still in flight when {@code mcp-edge.shutdown.grace-period} runs out: SSE streams end
 * cleanly (their clients see each stream end after a whole event, and reconnect elsewhere), and
 * requests still waiting for the backend are answered 504 ({@link UnansweredRequestCutoff}).
 * <p>
 * It stops in the same phase as the web server's graceful shutdown, which stops accepting at once and
 * waits for the requests in flight: Reactor Netty waits for every response to complete, and an SSE
 * stream completes only when its backend ends it. Once everything is ended here, the graceful shutdown
 * completes. {@link ShutdownPhaseTimeout} gives that phase a little longer than the grace period,
 * after which Spring Boot closes whatever connection is still open (a response still being written).
 */
final class GracePeriodCutoff implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GracePeriodCutoff.class);

	private final OpenStreams streams;

	private final UnansweredRequestCutoff requests;

	private final Duration gracePeriod;

	private volatile boolean running;

	private volatile Disposable cutoff;

	GracePeriodCutoff(OpenStreams streams, UnansweredRequestCutoff requests, Duration gracePeriod) {
		this.streams = streams;
		this.requests = requests;
		this.gracePeriod = gracePeriod;
	}

	/** Calls off a cutoff still pending (when started again after an explicit stop). */
	@Override
	public void start() {
		Disposable pending = cutoff;
		if (pending != null) {
			pending.dispose();
		}
		requests.resume();
		running = true;
	}

	/** Returns at once, so the graceful shutdown in the same phase starts; the cutoff comes later. */
	@Override
	public void stop() {
		running = false;
		cutoff = Mono.delay(gracePeriod).subscribe(tick -> cutOff());
	}

	/** Like the web server's graceful shutdown: not stopped when the context is only paused. */
	@Override
	public boolean isPauseable() {
		return false;
	}

	private void cutOff() {
		int ended = streams.endAll("shutting down");
		int answered = requests.cutOff();
		if (ended + answered > 0) {
			logger.info("mcp-edge.shutdown.grace-period (" + DurationStyle.SIMPLE.print(gracePeriod) + ") is over: "
					+ ended + " SSE stream(s) ended, " + answered + " request(s) still waiting for the backend answered 504");
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
	}
}
