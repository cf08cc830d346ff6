package dev.mcpedge.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * Which tools of each backend mirror the test-mode argument in a request header (SEP-2243, MCP
 * 2026-07-28): a tool whose {@code inputSchema} property for the argument carries
 * {@code "x-mcp-header": "Test-Mode"} expects {@code Mcp-Param-Test-Mode} to agree with the
 * argument, so the edge sets that header when it inserts the argument. Learned from the backend's
 * {@code tools/list} answers, the latest answer winning, and shared by every instance through one
 * Redis hash per backend, {@code mcp-edge:tool-param-headers:{<backend URL>}} (tool name → header
 * name without the {@code Mcp-Param-} prefix).
 * <p>
 * Looked up in memory first, in Redis at most once a minute per tool. Redis unreachable means "no
 * header": the call is forwarded without one, as before this was learned. A name that is not an
 * HTTP token is ignored.
 */
public final class ToolParamHeaders {

	/** The prefix of every header mirroring a tool argument. */
	public static final String PREFIX = "Mcp-Param-";

	private static final String HASH_PREFIX = "mcp-edge:tool-param-headers:";

	private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

	private final ReactiveStringRedisTemplate redis;

	private final Cache<Key, Optional<String>> known = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(10_000)
		.build();

	public ToolParamHeaders(ReactiveStringRedisTemplate redis) {
		this.redis = redis;
	}

	/** The Redis hash holding the header names of {@code backend}'s tools. */
	public static String hash(String backend) {
		return HASH_PREFIX + "{" + backend + "}";
	}

	/** Whether {@code name} can follow {@link #PREFIX} in a header name. */
	static boolean valid(String name) {
		return TOKEN.matcher(name).matches();
	}

	/** The header (without {@link #PREFIX}) mirroring the test-mode argument of {@code tool}, if any. */
	public Mono<Optional<String>> of(String backend, String tool) {
		Key key = new Key(backend, tool);
		Optional<String> header = known.getIfPresent(key);
		if (header != null) {
			return Mono.just(header);
		}
		return redis.<String, String>opsForHash().get(hash(backend), tool)
			.filter(ToolParamHeaders::valid) // never a header name that is not a token, whoever wrote the hash
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.doOnNext(found -> known.put(key, found))
			.onErrorReturn(Optional.empty());
	}

	/**
	 * Remembers what one {@code tools/list} answer of {@code backend} said: tool name → header name,
	 * or the empty string for a tool that declares none (forgotten). Never fails.
	 */
	public Mono<Void> learn(String backend, Map<String, String> said) {
		if (said.isEmpty()) {
			return Mono.empty();
		}
		Map<String, String> declared = new HashMap<>();
		List<Object> undeclared = new ArrayList<>();
		said.forEach((tool, header) -> {
			boolean declares = !header.isEmpty() && valid(header);
			known.put(new Key(backend, tool), declares ? Optional.of(header) : Optional.empty());
			if (declares) {
				declared.put(tool, header);
			}
			else {
				undeclared.add(tool);
			}
		});
		Mono<?> put = declared.isEmpty() ? Mono.empty() : redis.opsForHash().putAll(hash(backend), declared);
		Mono<?> remove = undeclared.isEmpty() ? Mono.empty() : redis.opsForHash().remove(hash(backend), undeclared.toArray());
		return put.then(remove).then().onErrorResume(ex -> Mono.empty());
	}

	/**
	 * The header to forward for a tool call whose test-mode argument is forwarded as {@code testMode}
	 * ({@code true}/{@code false}, as SEP-2243 writes a boolean), or {@code null} when the tool
	 * mirrors it in no header or the body is not one tool call.
	 */
	static Map.@Nullable Entry<String, String> mirror(Optional<String> header, @Nullable Boolean testMode) {
		return header.isEmpty() || testMode == null ? null : Map.entry(PREFIX + header.get(), testMode.toString());
	}

	/** Whether the client sent the {@code mirror} header with another value than the body's. */
	static boolean disagrees(HttpHeaders sent, Map.Entry<String, String> mirror) {
		List<String> values = sent.getValuesAsList(mirror.getKey());
		return !values.isEmpty() && !(values.size() == 1 && values.get(0).trim().equals(mirror.getValue()));
	}

	private record Key(String backend, String tool) {
	}
}
