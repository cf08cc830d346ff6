package dev.mcpedge.gateway.dev;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Whether a Redis connection is configured: any of Spring Boot's {@code spring.data.redis}
 * {@code url}, {@code host}, {@code port}, {@code sentinel.master}, {@code sentinel.nodes},
 * {@code cluster.nodes} or {@code masterreplica.nodes}, in any form (a property, a YAML list, an
 * environment variable). Any one of them means a real Redis is meant: the gateway starts no embedded
 * one, and the key command line works on it.
 */
public final class RedisSettings {

	private static final String[] SETTINGS = { "url", "host", "port", "sentinel.master" };

	private static final String[] LISTS = { "sentinel.nodes", "cluster.nodes", "masterreplica.nodes" };

	private RedisSettings() {
	}

	/** Whether any Redis connection setting is given. */
	public static boolean given(Environment env) {
		Binder binder = Binder.get(env);
		for (String setting : SETTINGS) {
			if (binder.bind("spring.data.redis." + setting, String.class).isBound()) {
				return true;
			}
		}
		for (String list : LISTS) {
			if (binder.bind("spring.data.redis." + list, Bindable.listOf(String.class)).isBound()) {
				return true;
			}
		}
		return false;
	}
}
