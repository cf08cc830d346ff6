package dev.mcpedge.keys;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link ApiKeys}' event subscription and use-time writer while the Redis connection factory
 * (phase 0) runs: started after it, stopped before it. A context stopped and started again (or a
 * paused test context) thus gets a fresh subscription instead of one stuck on a closed connection.
 */
public final class ApiKeysLifecycle implements SmartLifecycle {

	private final ApiKeys apiKeys;

	private volatile boolean running;

	public ApiKeysLifecycle(ApiKeys apiKeys) {
		this.apiKeys = apiKeys;
	}

	@Override
	public void start() {
		apiKeys.start();
		running = true;
	}

	@Override
	public void stop() {
		running = false;
		apiKeys.close();
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
