package dev.mcpedge.keys;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.jspecify.annotations.Nullable;

/**
 * Key records in Redis, read side; never a secret, only SHA-256 digests of secrets. The writes that
 * must hold under concurrency are {@link ApiKeyWrites}'.
 * <table>
 * <tr><td>{@code mcp-edge:key:<id>}</td><td>the record, JSON</td></tr>
 * <tr><td>{@code mcp-edge:key-secret:<sha256>}</td><td>{@code <id>}, or {@code <id> <deadline ms>} for a
 * rolled secret in its grace period (the entry expires shortly after); while a key is being stored,
 * a claim that expires unless the key is completed</td></tr>
 * <tr><td>{@code mcp-edge:key-current:<id>}</td><td>SHA-256 of the key's current secret</td></tr>
 * <tr><td>{@code mcp-edge:key-used:<id>}</td><td>last use, epoch milliseconds</td></tr>
 * <tr><td>{@code mcp-edge:org-keys:<org>}</td><td>set of ids whose default organization is {@code org}</td></tr>
 * <tr><td>{@code mcp-edge:key-events}</td><td>pub/sub channel: {@code key <id>} after a change,
 * {@code created} after a create or import, {@code heartbeat <n>} about once a second
 * ({@link KeyEvents})</td></tr>
 * <tr><td>{@code mcp-edge:key-events:count}</td><td>how many changes and creations were published on
 * the channel: a heartbeat carries it, so a subscriber that heard fewer knows it missed some</td></tr>
 * </table>
 * Every command touches one key, except the last-use times' {@code MSET} and the listings'
 * {@code MGET}: on a Redis Cluster, Lettuce splits those by slot (last-use times need no atomicity).
 * <p>
 * One store serves both {@link ApiKeyVerifier} and {@link ApiKeyAdministration}; its operations are
 * theirs, so only its constructor is public.
 */
public final class ApiKeyStore {

	static final String EVENTS = "mcp-edge:key-events";

	static final String EVENT_COUNT = "mcp-edge:key-events:count";

	/** Counts the event and publishes it in one step, so counts and messages keep the same order. */
	private static final RedisScript<Long> PUBLISH_COUNTED = RedisScript.of(
			"local n = redis.call('INCR', KEYS[1]) redis.call('PUBLISH', ARGV[1], ARGV[2]) return n", Long.class);

	/** Publishes {@code heartbeat <count>} with the count as it is at that point of the channel. */
	private static final RedisScript<Long> PUBLISH_HEARTBEAT = RedisScript.of(
			"local n = tonumber(redis.call('GET', KEYS[1]) or '0') redis.call('PUBLISH', ARGV[1], ARGV[2] .. ' ' .. n) "
					+ "return n",
			Long.class);

	static final String RECORD = "mcp-edge:key:";

	static final String SECRET = "mcp-edge:key-secret:";

	static final String CURRENT = "mcp-edge:key-current:";

	private static final String USED = "mcp-edge:key-used:";

	static final String ORGANIZATION = "mcp-edge:org-keys:";

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper json;

	public ApiKeyStore(ReactiveStringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	ReactiveStringRedisTemplate redis() {
		return redis;
	}

	JsonMapper json() {
		return json;
	}

	/** The key a secret belongs to, and the secret's deadline if it was rolled; empty when unknown. */
	Mono<Secret> findSecret(String sha256) {
		return redis.opsForValue().get(SECRET + sha256).map(Secret::parse);
	}

	record Secret(String id, @Nullable Instant deadline) {
		static Secret parse(String value) {
			int space = value.indexOf(' ');
			return space < 0 ? new Secret(value, null)
					: new Secret(value.substring(0, space), Instant.ofEpochMilli(Long.parseLong(value.substring(space + 1))));
		}
	}

	Mono<ApiKeyRecord> findById(String id) {
		return redis.opsForValue().get(RECORD + id).map(this::read);
	}

	Flux<ApiKeyRecord> findByOrganization(String organizationId) {
		return redis.opsForSet().members(ORGANIZATION + organizationId).sort().collectList()
			.filter(ids -> !ids.isEmpty())
			.flatMapMany(ids -> redis.opsForValue().multiGet(ids.stream().map(id -> RECORD + id).toList()))
			.flatMapIterable(values -> values.stream().filter(v -> v != null).map(this::read).toList());
	}

	/** Writes last-use times, one command for all of them. */
	Mono<Void> saveLastUsed(Map<String, Instant> lastUsed) {
		Map<String, String> values = new HashMap<>();
		lastUsed.forEach((id, at) -> values.put(USED + id, Long.toString(at.toEpochMilli())));
		return values.isEmpty() ? Mono.empty() : redis.opsForValue().multiSet(values).then();
	}

	/** Last-use times of these keys; keys never used are absent. */
	Mono<Map<String, Instant>> lastUsed(List<String> ids) {
		if (ids.isEmpty()) {
			return Mono.just(Map.of());
		}
		return redis.opsForValue().multiGet(ids.stream().map(id -> USED + id).toList()).map(values -> {
			Map<String, Instant> result = new HashMap<>();
			for (int i = 0; i < ids.size(); i++) {
				if (values.get(i) != null) {
					result.put(ids.get(i), Instant.ofEpochMilli(Long.parseLong(values.get(i))));
				}
			}
			return result;
		});
	}

	Mono<Void> publishKeyChanged(String id) {
		return publish("key " + id);
	}

	Mono<Void> publishCreated() {
		return publish("created");
	}

	Mono<Void> publish(String message) {
		return redis.execute(PUBLISH_COUNTED, List.of(EVENT_COUNT), List.of(EVENTS, message)).then();
	}

	Mono<Void> publishHeartbeat() {
		return redis.execute(PUBLISH_HEARTBEAT, List.of(EVENT_COUNT), List.of(EVENTS, KeyEvents.HEARTBEAT)).then();
	}

	Flux<String> events() {
		return redis.listenToChannel(EVENTS).map(message -> message.getMessage());
	}

	private ApiKeyRecord read(String value) {
		return json.readValue(value, ApiKeyRecord.class);
	}
}
