package dev.mcpedge.gateway.dev;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * {@code mcp-edge.dev-mode} and what it means with the other settings: development mode is
 * {@code true}, or the setting unset and no Redis configured (DESIGN §8: any Redis setting turns the
 * development defaults off).
 */
public final class DevelopmentMode {

	static final String DEV_MODE = "mcp-edge.dev-mode";

	private DevelopmentMode() {
	}

	/** {@code mcp-edge.dev-mode}: {@code null} when unset. */
	static @Nullable Boolean setting(Environment env) {
		return Binder.get(env).bind(DEV_MODE, Boolean.class).orElse(null);
	}

	/** Whether the gateway runs in development mode. */
	public static boolean of(Environment env) {
		Boolean devMode = setting(env);
		return devMode != null ? devMode : !RedisSettings.given(env);
	}
}
