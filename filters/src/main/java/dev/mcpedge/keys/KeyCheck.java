package dev.mcpedge.keys;

/** Outcome of verifying a bearer value as an API key; rejections are values, not exceptions. */
public sealed interface KeyCheck {

	/** The key is known and usable. */
	record Valid(ApiKeyRecord key) implements KeyCheck {
	}

	/** The key is not usable; {@code description} is safe to show the caller. */
	record Rejected(String description) implements KeyCheck {
	}

	/** The key store could not be asked and the key is not cached. */
	record Unavailable() implements KeyCheck {
	}
}
