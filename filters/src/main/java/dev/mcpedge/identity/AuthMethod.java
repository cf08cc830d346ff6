package dev.mcpedge.identity;

/** How a caller authenticated. */
public enum AuthMethod {

	API_KEY("api_key"), OAUTH("oauth");

	private final String value;

	AuthMethod(String value) {
		this.value = value;
	}

	/** Name as sent to the backend. */
	public String value() {
		return value;
	}
}
