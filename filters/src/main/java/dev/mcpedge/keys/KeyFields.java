package dev.mcpedge.keys;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The rules for a key's fields, applied to every create, import and update whether it comes from the
 * admin API, the command line or the development defaults.
 * <p>
 * Scopes and organization ids end up in identity headers the backend reads: the scopes space-joined
 * in one header, the organization id alone in another. So they are tokens: a scope is an RFC 6749
 * {@code scope-token} without a comma ({@code %x21 / %x23-2B / %x2D-5B / %x5D-7E}, at most 256
 * characters), since a comma separates list items in HTTP fields; an organization id is 1 to 128 of
 * {@code A-Z a-z 0-9 . _ : -}. Whitespace of any kind (tab, NBSP, line breaks), control characters
 * and non-ASCII are refused, and the refusal names the field and shows the value escaped.
 */
final class KeyFields {

	static final int MAX_SCOPE = 256;

	static final int MAX_ORGANIZATION = 128;

	static final int MAX_NAME = 200;

	static final int MAX_METADATA = 50;

	private static final int SHOWN = 80;

	private KeyFields() {
	}

	/** Checks the fields of a new or imported key. */
	static void validate(@Nullable String organizationId, @Nullable List<String> organizations,
			@Nullable List<String> scopes, @Nullable RateLimit rateLimit, @Nullable Map<String, String> metadata) {
		if (organizationId == null || organizationId.isEmpty()) {
			throw KeyRequestException.invalid("organizationId is required");
		}
		organization("organizationId", organizationId);
		validate(organizations, scopes, rateLimit, metadata);
	}

	/** Checks the fields a change may carry; {@code null} ones are not being changed. */
	static void validate(@Nullable List<String> organizations, @Nullable List<String> scopes,
			@Nullable RateLimit rateLimit, @Nullable Map<String, String> metadata) {
		if (organizations != null) {
			for (int i = 0; i < organizations.size(); i++) {
				organization("organizations[" + i + "]", organizations.get(i));
			}
		}
		if (scopes != null) {
			for (int i = 0; i < scopes.size(); i++) {
				scope("scopes[" + i + "]", scopes.get(i));
			}
		}
		if (rateLimit != null && (rateLimit.replenishRate() < 1 || rateLimit.burstCapacity() < rateLimit.replenishRate())) {
			throw KeyRequestException.invalid("rateLimit needs replenishRate >= 1 and burstCapacity >= replenishRate (got "
					+ rateLimit.replenishRate() + ", " + rateLimit.burstCapacity() + ")");
		}
		if (metadata != null && metadata.size() > MAX_METADATA) {
			throw KeyRequestException.invalid("metadata holds at most " + MAX_METADATA + " entries");
		}
		if (metadata != null) {
			metadata.forEach((key, value) -> {
				if (value == null) {
					throw KeyRequestException.invalid("metadata[" + shown(key) + "] must be a string, not null");
				}
			});
		}
	}

	/** The label to store: {@code ""} when absent. */
	static String name(@Nullable String name) {
		if (name != null && name.length() > MAX_NAME) {
			throw KeyRequestException.invalid("name must be at most " + MAX_NAME + " characters");
		}
		return name != null ? name : "";
	}

	static boolean isScope(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_SCOPE) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x21 || c > 0x7E || c == '"' || c == ',' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	static boolean isOrganization(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > MAX_ORGANIZATION) {
			return false;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
					|| c == ':' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	private static void scope(String field, @Nullable String value) {
		if (!isScope(value)) {
			throw KeyRequestException.invalid(field + " (" + shown(value) + ") must be 1 to " + MAX_SCOPE
					+ " printable ASCII characters without space, '\"', ',' or '\\' (an RFC 6749 scope-token)");
		}
	}

	private static void organization(String field, @Nullable String value) {
		if (!isOrganization(value)) {
			throw KeyRequestException.invalid(field + " (" + shown(value) + ") must be 1 to " + MAX_ORGANIZATION
					+ " characters of A-Z a-z 0-9 . _ : -");
		}
	}

	/** The value quoted, with anything but printable ASCII escaped, so the operator sees what was sent. */
	static String shown(@Nullable String value) {
		if (value == null) {
			return "null";
		}
		StringBuilder out = new StringBuilder("\"");
		int end = Math.min(value.length(), SHOWN);
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20 || c > 0x7E) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append(value.length() > SHOWN ? "\"..." : "\"").toString();
	}
}
