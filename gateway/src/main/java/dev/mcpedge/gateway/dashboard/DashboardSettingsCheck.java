package dev.mcpedge.gateway.dashboard;

import dev.mcpedge.autoconfigure.DashboardProperties;
import dev.mcpedge.autoconfigure.McpEdgeProperties;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Stops the start when only half of the dashboard's client is configured ({@link DashboardProperties}) (an issuer without a client id, or a client id without an issuer): such a
 * gateway would otherwise start without the dashboard its operator asked for, and say nothing.
 */
@Component
class DashboardSettingsCheck implements InitializingBean {

	private final DashboardProperties settings;

	DashboardSettingsCheck(McpEdgeProperties properties) {
		this.settings = properties.dashboard();
	}

	@Override
	public void afterPropertiesSet() {
		String missing = settings.missing();
		if (missing != null) {
			throw new DashboardHalfConfiguredException(missing);
		}
	}
}
