package dev.mcpedge.keys;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link ApiKeyVerifier}'s event subscription and use-time writer while the Redis connection factory
 * (phase 0) runs: started after it, stopped before it. A context stopped and started again (or a
 * paused test context) thus gets a fresh subscription instead of one stuck on a closed connection.
 */
public final class ApiKeyVerifierLifecycle implements SmartLifecycle {

	private final ApiKeyVerifier verifier;

	private volatile boolean running;

	public ApiKeyVerifierLifecycle(ApiKeyVerifier verifier) {
		this.verifier = verifier;
	}

	@Override
	public void start() {
		verifier.start();
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		verifier.close();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return 100;
	}
}
