package dev.mcpedge.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.mcpedge.identity.EdgeIdentity;

/**
 * The operator's rules about tools: which only read, and which scopes each needs.
 * <p>
 * Scopes: a held {@code x:write} also grants {@code x:read}; where the identity's scopes may be
 * wildcards (API keys; tokens of an issuer configured so), a held {@code x:*} grants every
 * {@code x:...} and a held {@code *} grants everything; otherwise those are literal strings.
 */
public final class ToolRules {

	private final ToolPatterns<Boolean> reads;

	private final ToolPatterns<Boolean> writes;

	private final ToolPatterns<List<String>> scopes;

	private final boolean unmappedToolsAllowed;

	public ToolRules(PolicySettings policy) {
		this.reads = new ToolPatterns<>(asMap(policy.readTools()));
		this.writes = new ToolPatterns<>(asMap(policy.writeTools()));
		this.scopes = new ToolPatterns<>(policy.toolScopes());
		this.unmappedToolsAllowed = policy.unmappedToolsAllowed();
	}

	/**
	 * Whether the operator says the tool only reads ({@code true}) or writes ({@code false}); empty if
	 * silent. Any match in the write list wins.
	 */
	public Optional<Boolean> configuredReadOnly(String tool) {
		if (writes.match(tool).isPresent()) {
			return Optional.of(false);
		}
		return reads.match(tool).map(read -> true);
	}

	private static Map<String, Boolean> asMap(List<String> tools) {
		Map<String, Boolean> map = new LinkedHashMap<>();
		tools.forEach(tool -> map.put(tool, Boolean.TRUE));
		return map;
	}

	/**
	 * Whether an identity may call {@code tool}.
	 *
	 * @param allowed the call may go ahead
	 * @param required every scope the tool needs (for an {@code insufficient_scope} challenge)
	 * @param unmapped the tool has no entry in the scope mapping
	 */
	public record ScopeCheck(boolean allowed, List<String> required, boolean unmapped) {
	}

	/** Checks {@code tool} against the identity's scopes; an unrestricted identity may call anything. */
	public ScopeCheck check(String tool, EdgeIdentity identity) {
		return check(tool, identity.scopes(), identity.unrestricted(), identity.wildcardScopes());
	}

	/** Checks {@code tool} against held scopes, with wildcards; an unrestricted identity may call anything. */
	public ScopeCheck check(String tool, List<String> held, boolean unrestricted) {
		return check(tool, held, unrestricted, true);
	}

	/**
	 * Checks {@code tool} against held scopes, with {@code *} and {@code x:*} as wildcards or as literal
	 * strings; an unrestricted identity may call anything.
	 */
	public ScopeCheck check(String tool, List<String> held, boolean unrestricted, boolean wildcards) {
		Optional<List<String>> required = scopes.match(tool);
		if (unrestricted) {
			return new ScopeCheck(true, required.orElse(List.of()), required.isEmpty());
		}
		if (required.isEmpty()) {
			return new ScopeCheck(unmappedToolsAllowed, List.of(), true);
		}
		boolean allowed = required.get().stream()
			.allMatch(scope -> held.stream().anyMatch(h -> wildcards ? grants(h, scope) : grantsLiterally(h, scope)));
		return new ScopeCheck(allowed, required.get(), false);
	}

	/** Like {@link #grants} with {@code *} an ordinary character: equal, or {@code x:write} for {@code x:read}. */
	static boolean grantsLiterally(String held, String required) {
		if (held.equals(required)) {
			return true;
		}
		int colon = held.lastIndexOf(':');
		return colon >= 0 && held.substring(colon + 1).equals("write")
				&& required.equals(held.substring(0, colon + 1) + "read");
	}

	static boolean grants(String held, String required) {
		if (held.equals(required) || held.equals("*")) {
			return true;
		}
		int colon = held.lastIndexOf(':');
		if (colon < 0) {
			return false;
		}
		String resource = held.substring(0, colon + 1);
		String action = held.substring(colon + 1);
		if (!required.startsWith(resource) || required.indexOf(':', resource.length()) >= 0) {
			return false;
		}
		String requiredAction = required.substring(resource.length());
		return action.equals("*") || (action.equals("write") && requiredAction.equals("read"));
	}
}
