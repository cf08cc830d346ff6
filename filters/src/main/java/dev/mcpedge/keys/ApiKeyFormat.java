package dev.mcpedge.keys;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

import dev.mcpedge.identity.Mode;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * The format of keys mcp-edge issues: {@code <prefix><32 random base62 chars><6-char base62 CRC32>}.
 * <p>
 * 32 base62 characters carry 190 bits. The checksum is the CRC32 of the ASCII bytes of prefix and
 * random part, in base62, left-padded with {@code 0} to six characters. A token that starts with a
 * configured prefix and has exactly the issued length must carry a valid checksum, so a mistyped
 * key is refused without asking Redis; any other token is looked up as it is (imported keys).
 * <p>
 * Without a test prefix (empty), test mode is off: every key is a live key (DESIGN §5).
 */
public final class ApiKeyFormat {

	static final int RANDOM_LENGTH = 32;

	static final int CHECKSUM_LENGTH = 6;

	/** Longest bearer value worth hashing and looking up. */
	static final int MAX_TOKEN_LENGTH = 512;

	private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

	private final SecureRandom random = new SecureRandom();

	private final String livePrefix;

	private final String testPrefix;

	/**
	 * @param livePrefix prefix of live keys, never empty
	 * @param testPrefix prefix of test keys; empty (or {@code null}) turns test mode off
	 */
	public ApiKeyFormat(String livePrefix, @Nullable String testPrefix) {
		Assert.hasText(livePrefix, "mcp-edge.api-keys.live-prefix must not be empty");
		testPrefix = testPrefix == null ? "" : testPrefix;
		Assert.isTrue(!livePrefix.equals(testPrefix),
				() -> "mcp-edge.api-keys.live-prefix and test-prefix must differ (both are '" + livePrefix + "')");
		Assert.isTrue(printable(livePrefix) && printable(testPrefix), "API key prefixes must be printable ASCII without spaces");
		this.livePrefix = livePrefix;
		this.testPrefix = testPrefix;
	}

	/** Whether keys can be test keys: a test prefix is configured. */
	public boolean testMode() {
		return !testPrefix.isEmpty();
	}

	/** What a bearer value looks like before any lookup. */
	public enum Shape {
		/** Issued format with a valid checksum. */
		ISSUED,
		/** Issued format, but the checksum does not match: a mistyped or forged key. */
		BAD_CHECKSUM,
		/** Not the issued format: possibly an imported key, looked up as it is. */
		OTHER,
		/** Too long or with characters no key has: refused without lookup. */
		MALFORMED
	}

	/** A new secret for the given mode; {@link Mode#TEST} needs {@link #testMode()}. */
	public String generate(Mode mode) {
		Assert.state(mode != Mode.TEST || testMode(), "no test key without mcp-edge.api-keys.test-prefix (test mode is off)");
		String prefix = mode == Mode.TEST ? testPrefix : livePrefix;
		StringBuilder key = new StringBuilder(prefix.length() + RANDOM_LENGTH + CHECKSUM_LENGTH).append(prefix);
		byte[] bytes = new byte[RANDOM_LENGTH * 2];
		int filled = 0;
		while (filled < RANDOM_LENGTH) {
			random.nextBytes(bytes);
			for (int i = 0; i < bytes.length && filled < RANDOM_LENGTH; i++) {
				int v = bytes[i] & 0x3F;
				if (v < 62) {
					key.append(BASE62[v]);
					filled++;
				}
			}
		}
		return key.append(checksum(key)).toString();
	}

	/** Classifies a bearer value without any I/O. */
	public Shape shape(String token) {
		if (token.length() > MAX_TOKEN_LENGTH || !printable(token)) {
			return Shape.MALFORMED;
		}
		String prefix = prefixOf(token);
		if (prefix == null || token.length() != prefix.length() + RANDOM_LENGTH + CHECKSUM_LENGTH
				|| !base62(token, prefix.length())) {
			return Shape.OTHER;
		}
		int split = token.length() - CHECKSUM_LENGTH;
		String expected = checksum(token.subSequence(0, split));
		return token.regionMatches(split, expected, 0, CHECKSUM_LENGTH) ? Shape.ISSUED : Shape.BAD_CHECKSUM;
	}

	/** The mode a token's prefix gives, the longer prefix winning; {@code null} without a known prefix. */
	public @Nullable Mode modeOf(String token) {
		String prefix = prefixOf(token);
		return prefix == null ? null : (prefix.equals(testPrefix) ? Mode.TEST : Mode.LIVE);
	}

	/** Whether the token starts with one of the configured prefixes. */
	public boolean hasKnownPrefix(String token) {
		return prefixOf(token) != null;
	}

	/** A form safe to show and log: the prefix and the last four characters. */
	public String redact(String token) {
		String prefix = prefixOf(token);
		String head = prefix != null ? prefix : "";
		String tail = token.length() - head.length() > 8 ? token.substring(token.length() - 4) : "";
		return head + "..." + tail;
	}

	private @Nullable String prefixOf(String token) {
		if (testPrefix.isEmpty()) {
			return token.startsWith(livePrefix) ? livePrefix : null;
		}
		String longer = livePrefix.length() >= testPrefix.length() ? livePrefix : testPrefix;
		String shorter = longer == livePrefix ? testPrefix : livePrefix;
		if (token.startsWith(longer)) {
			return longer;
		}
		return token.startsWith(shorter) ? shorter : null;
	}

	static String checksum(CharSequence prefixAndRandom) {
		CRC32 crc = new CRC32();
		crc.update(prefixAndRandom.toString().getBytes(StandardCharsets.US_ASCII));
		long value = crc.getValue();
		char[] out = new char[CHECKSUM_LENGTH];
		for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
			out[i] = BASE62[(int) (value % 62)];
			value /= 62;
		}
		return new String(out);
	}

	private static boolean base62(String s, int from) {
		for (int i = from; i < s.length(); i++) {
			char c = s.charAt(i);
			if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
				return false;
			}
		}
		return true;
	}

	private static boolean printable(String s) {
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c <= 0x20 || c >= 0x7F) {
				return false;
			}
		}
		return true;
	}
}
