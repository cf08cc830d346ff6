package dev.mcpedge.keys;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Lifecycle state of an API key; {@code EXPIRED} is never stored, it is computed from {@code expiresAt}. */
public enum KeyStatus {

	@JsonProperty("active")
	ACTIVE,

	@JsonProperty("revoked")
	REVOKED,

	@JsonProperty("expired")
	EXPIRED
}
