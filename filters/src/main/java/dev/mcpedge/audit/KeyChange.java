package dev.mcpedge.audit;

import java.time.Instant;

/**
 * A change to an API key made by a person (on the dashboard) or through the admin API, for
 * {@link AuditLog#keyChanged(KeyChange)}: what was done, by whom (the issuer and subject of their
 * sign-in; {@code mcp-edge} and {@code admin} for the admin token), through what, to which key of which
 * organization.
 * It has no field for a secret or a session id, so neither can reach the audit.
 *
 * @param action what was done
 * @param issuer the issuer that signed the person in
 * @param subject the person's subject at that issuer
 * @param via where the change was made: {@code dashboard} or {@code admin-api}
 * @param keyId the key's id
 * @param organizationId the key's organization
 * @param time when
 */
public record KeyChange(Action action, String issuer, String subject, String via, String keyId,
		String organizationId, Instant time) {

	/** The changes audited, by their {@code action} value. */
	public enum Action {

		/** A key was issued. */
		CREATED("key.created"),

		/** A key made elsewhere was brought in with its secret or the secret's digest. */
		IMPORTED("key.imported"),

		/** A key's name, scopes, organizations, expiry, rate limit or metadata changed. */
		UPDATED("key.updated"),

		/** A key got a new secret, the old one valid for a grace period. */
		ROLLED("key.rolled"),

		/** A key was revoked. */
		REVOKED("key.revoked");

		private final String value;

		Action(String value) {
			this.value = value;
		}

		/** The {@code action} field of the record. */
		public String value() {
			return value;
		}
	}
}
