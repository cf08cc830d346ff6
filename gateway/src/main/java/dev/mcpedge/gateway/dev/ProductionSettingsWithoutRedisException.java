package dev.mcpedge.gateway.dev;

import java.util.List;

/**
 * Production settings met the embedded development Redis: the start stops, because keys created
 * there would be lost at the next restart and never seen by a second instance.
 */
class ProductionSettingsWithoutRedisException extends RuntimeException {

	ProductionSettingsWithoutRedisException(List<String> settings) {
		super(String.join(" and ", settings) + (settings.size() == 1 ? " is" : " are")
				+ " set but no Redis is configured, so keys would live in a throw-away embedded Redis");
	}
}
