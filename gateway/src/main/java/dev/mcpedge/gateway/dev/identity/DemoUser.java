package dev.mcpedge.gateway.dev.identity;

import java.security.SecureRandom;
import java.util.List;

/**
 * A user who can sign in to the development identity provider, with a password generated at each
 * start (printed in the start banner, never logged) and the organization their tokens name.
 *
 * @param username the login name, also the tokens' {@code sub}
 * @param password the password, generated
 * @param organization the organization in the tokens' {@code org_id} claim
 */
public record DemoUser(String username, String password, String organization) {

	private static final SecureRandom random = new SecureRandom();

	private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	/** Two users of {@code org_demo} and one of {@code org_other}, with fresh passwords. */
	static List<DemoUser> generate() {
		return List.of(new DemoUser("alice", secret(16), "org_demo"), new DemoUser("bob", secret(16), "org_demo"),
				new DemoUser("olivia", secret(16), "org_other"));
	}

	/** A random string of {@code length} unambiguous letters and digits. */
	static String secret(int length) {
		StringBuilder out = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
		}
		return out.toString();
	}

	@Override
	public String toString() {
		return "DemoUser[" + username + ", " + organization + "]";
	}
}
