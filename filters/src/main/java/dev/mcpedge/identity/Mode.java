package dev.mcpedge.identity;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether a caller works on live data or test data. */
public enum Mode {

	@JsonProperty("live")
	LIVE,

	@JsonProperty("test")
	TEST;

	/** Lower-case name as used in headers and JSON. */
	public String value() {
		return this == LIVE ? "live" : "test";
	}
}
