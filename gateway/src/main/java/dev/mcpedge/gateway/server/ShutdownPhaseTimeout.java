package dev.mcpedge.gateway.server;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.support.DefaultLifecycleProcessor;

/**
 * Gives the phase of the web server's graceful shutdown {@code mcp-edge.shutdown.grace-period} plus
 * {@link #CUTOFF_MARGIN}, whatever {@code spring.lifecycle.timeout-per-shutdown-phase} says (which
 * still applies to every other phase).
 * <p>
 * At the grace period's end {@link GracePeriodCutoff} ends what is still in flight; the margin lets
 * the last bytes go out and the graceful shutdown complete by itself. Past it, Spring Boot stops
 * waiting and closes the connections still open (a response that was still being written). The grace period is read when the lifecycle processor is created, at the end of the
 * context's refresh, so this post-processor does not create the settings bean early.
 */
final class ShutdownPhaseTimeout implements BeanPostProcessor {

	/** Time for ended streams to complete before the connections still open are closed. */
	static final Duration CUTOFF_MARGIN = Duration.ofSeconds(1);

	private final Supplier<Duration> gracePeriod;

	ShutdownPhaseTimeout(Supplier<Duration> gracePeriod) {
		this.gracePeriod = gracePeriod;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DefaultLifecycleProcessor processor) {
			processor.setTimeoutForShutdownPhase(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE,
					gracePeriod.get().plus(CUTOFF_MARGIN).toMillis());
		}
		return bean;
	}
}
