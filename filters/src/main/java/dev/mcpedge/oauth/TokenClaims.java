package dev.mcpedge.oauth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Reads the identity claims of a verified access token, refusing values the edge cannot pass on
 * as they are: they end up in the backend's identity headers, rate-limit keys and audit records,
 * so a list where a string belongs, or a control character, is a refusal, never a conversion.
 */
final class TokenClaims {

	/** Printable ASCII without leading or trailing space, 1 to 255 characters. */
	private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7E](?:[\\x20-\\x7E]{0,253}[\\x21-\\x7E])?");

	/** The organization ids the admin API accepts. */
	private static final Pattern ORGANIZATION = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

	/** RFC 6749 section 3.3 {@code scope-token}: {@code 1*( %x21 / %x23-5B / %x5D-7E )}. */
	private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

	private static final String ORGANIZATION_RULE = "1 to 128 letters, digits, '.', '_', ':' or '-'";

	private TokenClaims() {
	}

	/** The caller named by {@code claim}: a string of printable ASCII. */
	static String subject(@Nullable Object value, String claim) {
		if (value == null || (value instanceof String text && text.isEmpty())) {
			throw new Refusal("access token has no " + claim + " claim");
		}
		if (!(value instanceof String text) || !SUBJECT.matcher(text).matches()) {
			throw new Refusal("access token claim " + claim + " must be a string of 1 to 255 printable ASCII characters");
		}
		return text;
	}

	/** The organization in {@code claim}, or {@code null} when absent. */
	static @Nullable String organization(@Nullable Object value, String claim) {
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text) || !ORGANIZATION.matcher(text).matches()) {
			throw new Refusal("access token claim " + claim + " must be an organization id (" + ORGANIZATION_RULE + ")");
		}
		return text;
	}

	/** The organizations in {@code claim}: a space-separated string or a list of organization ids. */
	static Set<String> organizations(@Nullable Object value, String claim) {
		List<String> values = strings(value);
		if (values == null || !values.stream().allMatch(v -> ORGANIZATION.matcher(v).matches())) {
			throw new Refusal("access token claim " + claim + " must list organization ids (" + ORGANIZATION_RULE + ")");
		}
		return new LinkedHashSet<>(values);
	}

	/** The scopes in {@code claim}: a space-separated string or a list of RFC 6749 scope tokens. */
	static List<String> scopes(@Nullable Object value, String claim) {
		List<String> values = strings(value);
		if (values == null || !values.stream().allMatch(v -> SCOPE_TOKEN.matcher(v).matches())) {
			throw new Refusal("access token claim " + claim
					+ " must be a space-separated string or a list of scope tokens (RFC 6749)");
		}
		return values;
	}

	/** A space-separated string or a list of strings; {@code null} for anything else. */
	private static @Nullable List<String> strings(@Nullable Object claim) {
		List<String> values = new ArrayList<>();
		if (claim == null) {
			return values;
		}
		if (claim instanceof String text) {
			for (String part : text.split(" ")) {
				if (!part.isEmpty()) {
					values.add(part);
				}
			}
			return values;
		}
		if (claim instanceof Collection<?> list) {
			for (Object item : list) {
				if (!(item instanceof String text)) {
					return null;
				}
				values.add(text);
			}
			return values;
		}
		return null;
	}

	/** A refusal decided by the edge, before or after Spring Security's checks; safe to show the caller. */
	static final class Refusal extends RuntimeException {
		Refusal(String message) {
			super(message, null, false, false);
		}
	}
}
