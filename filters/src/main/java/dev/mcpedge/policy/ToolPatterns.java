package dev.mcpedge.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Values keyed by tool name or glob pattern ({@code *} any characters, {@code ?} one): an exact name
 * wins, then the first pattern that matches, in configuration order.
 */
final class ToolPatterns<V> {

	private final Map<String, V> exact = new LinkedHashMap<>();

	private final List<Map.Entry<Pattern, V>> patterns = new ArrayList<>();

	ToolPatterns(Map<String, V> entries) {
		entries.forEach((key, value) -> {
			if (key.indexOf('*') >= 0 || key.indexOf('?') >= 0) {
				patterns.add(Map.entry(glob(key), value));
			}
			else {
				exact.put(key, value);
			}
		});
	}

	Optional<V> match(String tool) {
		V value = exact.get(tool);
		if (value != null) {
			return Optional.of(value);
		}
		for (Map.Entry<Pattern, V> entry : patterns) {
			if (entry.getKey().matcher(tool).matches()) {
				return Optional.of(entry.getValue());
			}
		}
		return Optional.empty();
	}

	private static Pattern glob(String glob) {
		StringBuilder regex = new StringBuilder();
		for (char c : glob.toCharArray()) {
			switch (c) {
				case '*' -> regex.append(".*");
				case '?' -> regex.append('.');
				default -> regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return Pattern.compile(regex.toString());
	}
}
