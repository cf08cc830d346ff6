package dev.mcpedge.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way credentials are turned into lookup keys: SHA-256, lower-case hex. Each thread keeps
 * its own digest (a request's key check runs on an event loop, every request): looking up the
 * algorithm among the security providers costs more than hashing a key.
 */
public final class Digests {

	private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(Digests::newSha256);

	private static final HexFormat HEX = HexFormat.of();

	private Digests() {
	}

	public static String sha256(String secret) {
		// digest(byte[]) hashes the whole input and resets the digest, so no state is left for the next call
		return HEX.formatHex(SHA_256.get().digest(secret.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}
}
