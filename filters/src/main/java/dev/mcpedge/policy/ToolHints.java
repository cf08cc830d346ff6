package dev.mcpedge.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.StreamUtils;

/**
 * What each backend said of its own tools in {@code tools/list} ({@code readOnlyHint}), kept per
 * backend and shared by every instance through one Redis hash per backend,
 * {@code mcp-edge:tool-hints:{<backend URL>}} (tool name → {@code 1} read-only, {@code 0} not).
 * <p>
 * Annotations are untrusted input, so what is learned only ever makes a tool stricter: a
 * {@code readOnlyHint} that is {@code false}, absent or not a boolean marks the tool as writing
 * for that backend for good; {@code readOnlyHint: true} counts only for a tool that backend never
 * described otherwise, and only when the operator trusts hints ({@code trust-read-only-hints},
 * default yes). A later {@code true} never turns a write tool back into a read tool; the operator's
 * {@code read-tools} can, and so can deleting the hash. One backend's hints never apply to another
 * (the sandbox cannot teach the live backend's tools).
 * <p>
 * Looked up in memory first; a tool not in memory is looked up in Redis at most once a minute, so
 * a tool that became a write tool on one instance is one on every instance within a minute.
 * Redis unreachable means "unknown", which makes the tool a write tool, and nothing is learned as
 * read-only meanwhile.
 */
public final class ToolHints {

	private static final String HASH_PREFIX = "mcp-edge:tool-hints:";

	/** The script's text, read once. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> LEARN = RedisScript.of(script("META-INF/scripts/mcp-edge-tool-hints.lua"),
			List.class);

	private final ReactiveStringRedisTemplate redis;

	private final boolean trustReadOnly;

	private final Cache<Key, Optional<Boolean>> known = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(10_000)
		.build();

	public ToolHints(ReactiveStringRedisTemplate redis, boolean trustReadOnlyHints) {
		this.redis = redis;
		this.trustReadOnly = trustReadOnlyHints;
	}

	/**
	 * The name hints of the backend at {@code uri} are kept under: its scheme, host, port and path;
	 * never its user info or query.
	 */
	public static String backendName(URI uri) {
		if (uri.getHost() == null) {
			return uri.getScheme() + ":" + uri.getRawSchemeSpecificPart().replaceFirst("[?#].*", "");
		}
		return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
				+ (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null ? "" : uri.getRawPath());
	}

	/** The Redis hash holding what {@code backend} said of its tools. */
	public static String hash(String backend) {
		return HASH_PREFIX + "{" + backend + "}";
	}

	/** Whether each tool is read-only for calls to {@code backend}; absent entries are unknown. */
	public Mono<Map<String, Boolean>> readOnly(String backend, Collection<String> tools) {
		Map<String, Boolean> result = new HashMap<>();
		List<String> missing = tools.stream().distinct().filter(tool -> {
			Optional<Boolean> hint = known.getIfPresent(new Key(backend, tool));
			if (hint != null) {
				hint.ifPresent(value -> result.put(tool, value));
			}
			return hint == null;
		}).toList();
		if (missing.isEmpty()) {
			return Mono.just(result);
		}
		return redis.<String, String>opsForHash().multiGet(hash(backend), List.copyOf(missing)).map(values -> {
			for (int i = 0; i < missing.size(); i++) {
				remember(backend, missing.get(i), values.get(i), result);
			}
			return result;
		}).onErrorReturn(result);
	}

	/**
	 * Merges what one {@code tools/list} answer of {@code backend} said ({@code true} for
	 * {@code readOnlyHint: true}, {@code false} for anything else) into what is known, here and for
	 * every instance; the result is whether each of these tools is now read-only for that backend.
	 */
	public Mono<Map<String, Boolean>> learn(String backend, Map<String, Boolean> said) {
		List<String> args = new ArrayList<>();
		said.forEach((tool, readOnly) -> {
			if (!readOnly || trustReadOnly) {
				args.add(tool);
				args.add(readOnly ? "1" : "0");
			}
		});
		if (args.isEmpty()) {
			return Mono.just(Map.of());
		}
		return redis.execute(LEARN, List.of(hash(backend)), args).single().map(stored -> {
			Map<String, Boolean> result = new HashMap<>();
			for (int i = 0; i < stored.size() && 2 * i < args.size(); i++) {
				remember(backend, args.get(2 * i), stored.get(i) instanceof String value ? value : null, result);
			}
			return result;
		}).onErrorResume(ex -> Mono.just(learnLocally(backend, said)));
	}

	/** Redis cannot be reached: only what makes tools stricter is learned. */
	private Map<String, Boolean> learnLocally(String backend, Map<String, Boolean> said) {
		Map<String, Boolean> result = new HashMap<>();
		said.forEach((tool, readOnly) -> {
			Key key = new Key(backend, tool);
			if (!readOnly) {
				known.put(key, Optional.of(false));
			}
			Optional<Boolean> hint = known.getIfPresent(key);
			if (hint != null) {
				hint.ifPresent(value -> result.put(tool, value));
			}
		});
		return result;
	}

	private void remember(String backend, String tool, Object value, Map<String, Boolean> result) {
		Optional<Boolean> hint = value == null ? Optional.empty() : Optional.of("1".equals(value) && trustReadOnly);
		known.put(new Key(backend, tool), hint);
		hint.ifPresent(h -> result.put(tool, h));
	}

	private static String script(String location) {
		try (InputStream in = new ClassPathResource(location).getInputStream()) {
			return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + location, ex);
		}
	}

	private record Key(String backend, String tool) {
	}
}
