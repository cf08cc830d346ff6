package dev.mcpedge.policy;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The backend's own {@code readOnlyHint} of each tool, learned from {@code tools/list} answers and
 * shared by every instance through the Redis hash {@code mcp-edge:tool-hints} (tool name → {@code 1}
 * read-only, {@code 0} not). Looked up in memory first; a tool nobody has learned yet is looked up
 * in Redis at most once a minute. Redis unreachable means "unknown", which makes the tool a write tool.
 */
public final class ToolHints {

	private static final String HASH = "mcp-edge:tool-hints";

	private final ReactiveStringRedisTemplate redis;

	private final Cache<String, Optional<Boolean>> known = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(10_000)
		.build();

	public ToolHints(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/** What the backend said of these tools; absent entries are unknown. */
	public Mono<Map<String, Boolean>> readOnly(Collection<String> tools) {
		Map<String, Boolean> result = new HashMap<>();
		List<String> missing = tools.stream().distinct().filter(tool -> {
			Optional<Boolean> hint = known.getIfPresent(tool);
			if (hint != null) {
				hint.ifPresent(value -> result.put(tool, value));
			}
			return hint == null;
		}).toList();
		if (missing.isEmpty()) {
			return Mono.just(result);
		}
		return redis.<String, String>opsForHash().multiGet(HASH, List.copyOf(missing)).map(values -> {
			for (int i = 0; i < missing.size(); i++) {
				String value = values.get(i);
				Optional<Boolean> hint = value == null ? Optional.empty() : Optional.of("1".equals(value));
				String tool = missing.get(i);
				known.put(tool, hint);
				hint.ifPresent(h -> result.put(tool, h));
			}
			return result;
		}).onErrorReturn(result);
	}

	/** Remembers what a {@code tools/list} answer said, here and for every instance. */
	public void learn(Map<String, Boolean> hints) {
		if (hints.isEmpty()) {
			return;
		}
		Map<String, String> values = new HashMap<>();
		hints.forEach((tool, readOnly) -> {
			known.put(tool, Optional.of(readOnly));
			values.put(tool, readOnly ? "1" : "0");
		});
		redis.opsForHash().putAll(HASH, values).onErrorResume(ex -> Mono.empty()).subscribe();
	}
}
