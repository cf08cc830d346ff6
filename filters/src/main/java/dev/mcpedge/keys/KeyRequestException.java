package dev.mcpedge.keys;

/**
 * A key operation refused because of what was asked: an invalid field, an unknown key, a conflict.
 * The message names the field or the key and is safe to show the operator; it never holds a secret.
 */
public final class KeyRequestException extends RuntimeException {

	/** Why the operation was refused. */
	public enum Reason {
		/** A field is missing or malformed. */
		INVALID,
		/** No key with that id. */
		NOT_FOUND,
		/** The operation contradicts the key's state (e.g. rolling a revoked key, importing a known secret). */
		CONFLICT
	}

	private final Reason reason;

	public KeyRequestException(Reason reason, String message) {
		super(message, null, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return reason;
	}

	static KeyRequestException invalid(String message) {
		return new KeyRequestException(Reason.INVALID, message);
	}

	static KeyRequestException notFound(String id) {
		return new KeyRequestException(Reason.NOT_FOUND, "no key with id " + id);
	}

	static KeyRequestException conflict(String message) {
		return new KeyRequestException(Reason.CONFLICT, message);
	}
}
