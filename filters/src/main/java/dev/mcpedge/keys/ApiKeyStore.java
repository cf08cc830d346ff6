package dev.mcpedge.keys;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Key records in Redis. The record is JSON under {@code mcp-edge:key:<id>}; a secret is known only
 * by its SHA-256, {@code mcp-edge:key-secret:<sha256>} → id; {@code mcp-edge:org-keys:<org>} is the
 * set of ids whose default organization is {@code org}.
 */
final class ApiKeyStore {

	private static final String RECORD = "mcp-edge:key:";

	private static final String SECRET = "mcp-edge:key-secret:";

	private static final String ORGANIZATION = "mcp-edge:org-keys:";

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper json;

	ApiKeyStore(ReactiveStringRedisTemplate redis, JsonMapper json) {
		this.redis = redis;
		this.json = json;
	}

	Mono<ApiKeyRecord> findBySecretHash(String sha256) {
		return redis.opsForValue().get(SECRET + sha256).flatMap(this::findById);
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

	/**
	 * Stores a new record, then the organization index, then the secret mapping, so the key
	 * works only once it is complete. Completes empty if the id is taken.
	 */
	Mono<ApiKeyRecord> insert(ApiKeyRecord record, String secretSha256) {
		return redis.opsForValue().setIfAbsent(RECORD + record.id(), write(record))
				.filter(Boolean::booleanValue)
				.flatMap(stored -> redis.opsForSet().add(ORGANIZATION + record.organizationId(), record.id()))
				.flatMap(added -> redis.opsForValue().set(SECRET + secretSha256, record.id()))
				.map(done -> record);
	}

	Mono<ApiKeyRecord> update(ApiKeyRecord record) {
		return redis.opsForValue().set(RECORD + record.id(), write(record)).thenReturn(record);
	}

	private ApiKeyRecord read(String value) {
		return json.readValue(value, ApiKeyRecord.class);
	}

	private String write(ApiKeyRecord record) {
		return json.writeValueAsString(record);
	}
}
