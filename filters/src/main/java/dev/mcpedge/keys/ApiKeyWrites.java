package dev.mcpedge.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The writes of key records and secret mappings that must hold while operators race each other (keys
 * as in {@link ApiKeyStore}). Whatever depends on what another request may have written is decided by
 * Redis in one conditional command ({@code SET NX}, {@code GETSET}, a compare-and-set script), never by
 * a read followed by a blind write. Every command and script touches one key, so all of it runs on
 * Redis Cluster.
 * <ul>
 * <li>A secret is claimed ({@code SET NX} on its digest) before its record is written: of concurrent
 * imports of one secret exactly one proceeds, the others are refused with nothing written.</li>
 * <li>A record changes by compare-and-set on the whole record as read, so no change is lost and none
 * can undo a revocation (a change never touches the status).</li>
 * <li>A compare-and-set that loses retries with jittered backoff. A PATCH gives up with a conflict
 * after {@value #UPDATE_ATTEMPTS} losses; a revoke (and a roll's record change) retries until it wins,
 * with a shorter backoff than a PATCH's: each loss means some other write succeeded, so it only waits
 * for the writes already racing it.</li>
 * </ul>
 */
final class ApiKeyWrites {

	/** Replace the value only if it is still the one read. */
	private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of(
			"if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2]) return 1 else return 0 end",
			Long.class);

	/** Keep a claimed secret: drop the claim's expiry if it is still ours, or take it again if it lapsed unused. */
	private static final RedisScript<Long> KEEP_CLAIM = RedisScript.of("local v = redis.call('GET', KEYS[1]) "
			+ "if v == ARGV[1] then redis.call('PERSIST', KEYS[1]) return 1 "
			+ "elseif not v then redis.call('SET', KEYS[1], ARGV[1]) return 1 else return 0 end", Long.class);

	/** Give up a claimed secret, only if it is still ours. */
	private static final RedisScript<Long> RELEASE_CLAIM = RedisScript.of(
			"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end", Long.class);

	/**
	 * How long a claim outlives a writer that died before finishing the key: the secret is free again
	 * after it instead of refused as registered forever.
	 */
	private static final Duration CLAIM_TTL = Duration.ofMinutes(1);

	static final int UPDATE_ATTEMPTS = 30;

	/** How long a rolled secret's entry outlives its deadline, so clocks a little apart still agree. */
	private static final Duration SECRET_SLACK = Duration.ofMinutes(1);

	private final ReactiveStringRedisTemplate redis;

	private final JsonMapper json;

	ApiKeyWrites(ApiKeyStore store) {
		this.redis = store.redis();
		this.json = store.json();
	}

	/**
	 * Stores a new key: claims the secret, then writes the record, the indexes and keeps the claim, so
	 * the key works only once it is complete. Fails with a conflict, having written nothing, when the
	 * secret is registered already or the id is taken.
	 */
	Mono<ApiKeyRecord> insert(ApiKeyRecord record, String secretSha256) {
		String id = record.id();
		String secret = ApiKeyStore.SECRET + secretSha256;
		Mono<Void> claim = redis.opsForValue()
			.setIfAbsent(secret, id, CLAIM_TTL)
			.flatMap(claimed -> claimed ? Mono.<Void>empty()
					: Mono.error(KeyRequestException.conflict("this secret is already registered")));
		Mono<Void> store = redis.opsForValue()
			.setIfAbsent(ApiKeyStore.RECORD + id, json.writeValueAsString(record))
			.flatMap(stored -> stored ? Mono.<Void>empty()
					: script(RELEASE_CLAIM, secret, id)
						.then(Mono.error(KeyRequestException.conflict("a key with id " + id + " exists"))));
		return claim.then(store)
			.then(redis.opsForSet().add(ApiKeyStore.ORGANIZATION + record.organizationId(), id))
			.then(redis.opsForValue().set(ApiKeyStore.CURRENT + id, secretSha256))
			.then(script(KEEP_CLAIM, secret, id))
			.flatMap(kept -> kept == 1 ? Mono.just(record)
					: Mono.error(new IllegalStateException("the secret of key " + id + " was claimed by another key while "
							+ "it was being stored (over " + CLAIM_TTL + ")")));
	}

	/**
	 * Makes {@code newSha256} the key's secret; the one it replaces keeps working until {@code deadline}
	 * (at once when {@code grace} is zero). Of concurrent rolls each retires the secret current before
	 * it, so no secret is left working without a deadline.
	 */
	Mono<Void> roll(String id, String newSha256, Instant deadline, Duration grace) {
		return redis.opsForValue()
			.setIfAbsent(ApiKeyStore.SECRET + newSha256, id)
			.flatMap(claimed -> claimed ? redis.opsForValue().getAndSet(ApiKeyStore.CURRENT + id, newSha256)
					: Mono.error(new IllegalStateException("a newly generated secret is registered already")))
			.flatMap(oldSha -> grace.isZero() ? redis.delete(ApiKeyStore.SECRET + oldSha).then()
					: redis.opsForValue()
						.set(ApiKeyStore.SECRET + oldSha, id + " " + deadline.toEpochMilli(), grace.plus(SECRET_SLACK))
						.then());
	}

	/**
	 * Applies {@code change} to the stored record by compare-and-set; empty when the id is unknown, a
	 * conflict after {@value #UPDATE_ATTEMPTS} lost races.
	 */
	Mono<ApiKeyRecord> update(String id, UnaryOperator<ApiKeyRecord> change) {
		RetryBackoffSpec retry = Retry.backoff(UPDATE_ATTEMPTS, Duration.ofMillis(5))
			.maxBackoff(Duration.ofMillis(200))
			.onRetryExhaustedThrow((spec, signal) -> KeyRequestException
				.conflict("key " + id + " kept changing under this update; try again"));
		return compareAndSet(id, change, retry);
	}

	/**
	 * Applies {@code change} like {@link #update}, retrying until it wins however many writes race it;
	 * for revocation, which a concurrent PATCH must never make fail.
	 */
	Mono<ApiKeyRecord> updateUntilApplied(String id, UnaryOperator<ApiKeyRecord> change) {
		return compareAndSet(id, change, Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(20)));
	}

	private Mono<ApiKeyRecord> compareAndSet(String id, UnaryOperator<ApiKeyRecord> change, RetryBackoffSpec retry) {
		String key = ApiKeyStore.RECORD + id;
		return Mono.defer(() -> redis.opsForValue().get(key).flatMap(stored -> {
			ApiKeyRecord updated = change.apply(json.readValue(stored, ApiKeyRecord.class));
			return redis.execute(COMPARE_AND_SET, List.of(key), List.of(stored, json.writeValueAsString(updated)))
				.next()
				.flatMap(swapped -> swapped == 1 ? Mono.just(updated) : Mono.error(new ConcurrentUpdate()));
		})).retryWhen(retry.jitter(0.5).filter(ConcurrentUpdate.class::isInstance));
	}

	private Mono<Long> script(RedisScript<Long> script, String key, String value) {
		return redis.execute(script, List.of(key), List.of(value)).next();
	}

	private static final class ConcurrentUpdate extends RuntimeException {
		ConcurrentUpdate() {
			super("key record changed concurrently", null, false, false);
		}
	}
}
