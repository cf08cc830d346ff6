package dev.mcpedge.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.lang.Nullable;

/**
 * Key records in Redis; never a secret, only SHA-256 digests of secrets.
 * <table>
 * <tr><td>{@code mcp-edge:key:<id>}</td><td>the record, JSON</td></tr>
 * <tr><td>{@code mcp-edge:key-secret:<sha256>}</td><td>{@code <id>}, or {@code <id> <deadline ms>} for a
 * rolled secret in its grace period (the entry expires shortly after)</td></tr>
 * <tr><td>{@code mcp-edge:key-current:<id>}</td><td>SHA-256 of the key's current secret</td></tr>
 * <tr><td>{@code mcp-edge:key-used:<id>}</td><td>last use, epoch milliseconds</td></tr>
 * <tr><td>{@code mcp-edge:org-keys:<org>}</td><td>set of ids whose default organization is {@code org}</td></tr>
 * <tr><td>{@code mcp-edge:key-events}</td><td>pub/sub channel: {@code key <id>} after a change,
 * {@code created} after a create or import</td></tr>
 * </table>
 */
final class ApiKeyStore {

	static final String EVENTS = "mcp-edge:key-events";

	private static final String RECORD = "mcp-edge:key:";

	private static final String SECRET = "mcp-edge:key-secret:";

	private static final String CURRENT = "mcp-edge:key-current:";

	private static final String USED = "mcp-edge:key-used:";

	private static final String ORGANIZATION = "mcp-edge:org-keys:";

	/** Replace the value only if it is still the one read: no lost update between PATCH, revoke and roll. */
	private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of(
			"if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end",
			Long.class);

	private static final int UPDATE_ATTEMPTS = 5;

	/** How long a rolled secret's entry outlives its deadline, so clocks a little apart still agree. */
	private static final Duration SECRET_SLACK = Duration.ofMinutes(1);

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper json;

	ApiKeyStore(ReactiveStringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
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

	Mono<Boolean> secretExists(String sha256) {
		return redis.hasKey(SECRET + sha256);
	}

	/**
	 * Stores a new record, then the indexes, then the secret mapping, so the key works only once it
	 * is complete. Completes empty if the id is taken.
	 */
	Mono<ApiKeyRecord> insert(ApiKeyRecord record, String secretSha256) {
		return redis.opsForValue().setIfAbsent(RECORD + record.id(), write(record))
			.filter(Boolean::booleanValue)
			.flatMap(stored -> redis.opsForSet().add(ORGANIZATION + record.organizationId(), record.id()))
			.flatMap(added -> redis.opsForValue().set(CURRENT + record.id(), secretSha256))
			.flatMap(added -> redis.opsForValue().set(SECRET + secretSha256, record.id()))
			.map(done -> record);
	}

	/**
	 * Applies {@code change} to the stored record atomically (compare-and-set, retried); empty when
	 * the id is unknown.
	 */
	Mono<ApiKeyRecord> update(String id, UnaryOperator<ApiKeyRecord> change) {
		return Mono.defer(() -> redis.opsForValue().get(RECORD + id).flatMap(stored -> {
			ApiKeyRecord updated = change.apply(read(stored));
			return redis.execute(COMPARE_AND_SET, List.of(RECORD + id), List.of(stored, write(updated)))
				.next()
				.flatMap(swapped -> swapped == 1 ? Mono.just(updated)
						: Mono.error(new ConcurrentUpdate()));
		})).retryWhen(Retry.max(UPDATE_ATTEMPTS).filter(ConcurrentUpdate.class::isInstance));
	}

	private static final class ConcurrentUpdate extends RuntimeException {
		ConcurrentUpdate() {
			super("key record changed concurrently", null, false, false);
		}
	}

	/**
	 * Makes {@code newSha256} the key's secret; the previous one keeps working until {@code deadline}
	 * (at once when {@code grace} is zero).
	 */
	Mono<Void> roll(String id, String newSha256, Instant deadline, Duration grace) {
		return redis.opsForValue().get(CURRENT + id)
			.flatMap(oldSha -> grace.isZero() ? redis.delete(SECRET + oldSha).then()
					: redis.opsForValue().set(SECRET + oldSha, id + " " + deadline.toEpochMilli(), grace.plus(SECRET_SLACK)).then())
			.then(redis.opsForValue().set(SECRET + newSha256, id))
			.then(redis.opsForValue().set(CURRENT + id, newSha256))
			.then();
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
		return redis.convertAndSend(EVENTS, "key " + id).then();
	}

	Mono<Void> publishCreated() {
		return redis.convertAndSend(EVENTS, "created").then();
	}

	Flux<String> events() {
		return redis.listenToChannel(EVENTS).map(message -> message.getMessage());
	}

	private ApiKeyRecord read(String value) {
		return json.readValue(value, ApiKeyRecord.class);
	}

	private String write(ApiKeyRecord record) {
		return json.writeValueAsString(record);
	}
}
