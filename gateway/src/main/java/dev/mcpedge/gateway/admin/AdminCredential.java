package dev.mcpedge.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

import org.jspecify.annotations.Nullable;

/**
 * The admin API's bearer token: {@code mcp-edge.admin.token}, or one generated at start in the
 * development default; {@code null} means the admin API is off.
 *
 * @param token the token, or {@code null}
 * @param generated whether it was generated at start (and so must be printed)
 */
public record AdminCredential(@Nullable String token, boolean generated) {

	/** Whether the admin API is on. */
	public boolean enabled() {
		return token != null;
	}

	/** Constant-time comparison with a presented token. */
	public boolean matches(String presented) {
		if (token == null || presented == null) {
			return false;
		}
		return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
	}

	static AdminCredential generate() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return new AdminCredential("adm_" + java.util.HexFormat.of().formatHex(bytes), true);
	}

	@Override
	public String toString() {
		return "AdminCredential[enabled=" + enabled() + ", generated=" + generated + "]";
	}
}
