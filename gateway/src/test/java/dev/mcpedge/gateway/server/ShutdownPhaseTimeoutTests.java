package dev.mcpedge.gateway.server;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phase of the web server's graceful shutdown waits for the grace period plus the margin, not
 * for {@code spring.lifecycle.timeout-per-shutdown-phase}, and the next phase stops only after it.
 */
class ShutdownPhaseTimeoutTests {

	private static final Duration SLOW = Duration.ofMillis(600);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
		.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=100ms");

	@Test
	void gracefulShutdownPhaseWhenSlowerThanTheDefaultPhaseTimeoutThenWaitedForWithinTheGracePeriod() {
		SlowGracefulShutdown slow = new SlowGracefulShutdown();
		NextPhase next = new NextPhase(slow);
		runner.withBean(ShutdownPhaseTimeout.class, () -> new ShutdownPhaseTimeout(() -> Duration.ofSeconds(1)))
			.withBean(SlowGracefulShutdown.class, () -> slow)
			.withBean(NextPhase.class, () -> next)
			.run(context -> assertThat(context).hasNotFailed());
		assertThat(next.sawSlowDone).as("the next phase stopped after the slow one was done").isTrue();
	}

	@Test
	void gracefulShutdownPhaseWithoutItThenOnlyTheDefaultPhaseTimeout() {
		SlowGracefulShutdown slow = new SlowGracefulShutdown();
		NextPhase next = new NextPhase(slow);
		runner.withBean(SlowGracefulShutdown.class, () -> slow)
			.withBean(NextPhase.class, () -> next)
			.run(context -> assertThat(context).hasNotFailed());
		assertThat(next.sawSlowDone).as("the next phase stopped while the slow one ran").isFalse();
	}

	/** Stands for the graceful shutdown: its stop completes {@link #SLOW} after it is called. */
	static final class SlowGracefulShutdown implements SmartLifecycle {

		private final AtomicBoolean done = new AtomicBoolean();

		private volatile boolean running;

		@Override
		public void start() {
			running = true;
		}

		@Override
		public void stop() {
			throw new UnsupportedOperationException();
		}

		@Override
		public void stop(Runnable callback) {
			running = false;
			new Thread(() -> {
				try {
					Thread.sleep(SLOW.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				done.set(true);
				callback.run();
			}).start();
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

	/** The phase after it: notes whether the slow stop was done when this one stops. */
	static final class NextPhase implements SmartLifecycle {

		private final SlowGracefulShutdown slow;

		private volatile boolean running;

		private volatile boolean sawSlowDone;

		NextPhase(SlowGracefulShutdown slow) {
			this.slow = slow;
		}

		@Override
		public void start() {
			running = true;
		}

		@Override
		public void stop() {
			sawSlowDone = slow.done.get();
			running = false;
		}

		@Override
		public boolean isRunning() {
			return running;
		}

		@Override
		public int getPhase() {
			return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE - 1;
		}
	}
}
