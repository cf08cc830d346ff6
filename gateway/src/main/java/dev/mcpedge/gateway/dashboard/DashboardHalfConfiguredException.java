package dev.mcpedge.gateway.dashboard;

/** Only half of the dashboard's client is configured: {@link #missing()} names the setting that lacks. */
class DashboardHalfConfiguredException extends RuntimeException {

	private final String missing;

	DashboardHalfConfiguredException(String missing) {
		super("The key dashboard is half configured: " + missing + " is not set");
		this.missing = missing;
	}

	String missing() {
		return missing;
	}
}
