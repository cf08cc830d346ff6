package dev.mcpedge.keys;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.identity.Mode;
import dev.mcpedge.testing.LocalRedis;
import dev.mcpedge.testing.MutableClock;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ApiKeyVerifier}'s decisions on keys issued and changed by {@link ApiKeyAdministration}, both on
 * one store in a real redis-server, with a clock the test moves.
 */
class ApiKeyVerifierTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final ApiKeyFormat FORMAT = new ApiKeyFormat("mcp_live_", "mcp_test_");

	private static LocalRedis redis;

	private static ApiKeyStore store;

	private final MutableClock clock = new MutableClock(Instant.now());

	private final ApiKeyVerifier verifier = verifier(FORMAT, store);

	private final ApiKeyAdministration administration = new ApiKeyAdministration(verifier, store, clock);

	@BeforeAll
	static void startRedis() throws IOException {
		redis = LocalRedis.start();
		store = new ApiKeyStore(new ReactiveStringRedisTemplate(redis.connections()), new JsonMapper());
	}

	@AfterAll
	static void stopRedis() throws IOException {
		redis.close();
	}

	@AfterEach
	void stopVerifier() {
		verifier.close();
	}

	private ApiKeyVerifier verifier(ApiKeyFormat format, ApiKeyStore store) {
		return new ApiKeyVerifier(format, store, clock,
				new KeyCacheSettings(Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(5), 1000),
				Duration.ofSeconds(1), new SimpleMeterRegistry());
	}

	private IssuedApiKey create(Mode mode, Instant expiresAt) {
		return administration.create(new NewApiKey("unit", "org_unit", List.of(), List.of(), mode, expiresAt, null, Map.of()))
			.block(TIMEOUT);
	}

	private KeyCheck verify(String secret) {
		return verifier.verify(secret).block(TIMEOUT);
	}

	private static String refusal(KeyCheck check) {
		assertThat(check).isInstanceOf(KeyCheck.Rejected.class);
		return ((KeyCheck.Rejected) check).description();
	}

	@Test
	void verifyWhenKeyActiveThenValidAndItsUseShownBeforeItIsWritten() {
		IssuedApiKey issued = create(Mode.TEST, null);

		KeyCheck check = verify(issued.secret());

		assertThat(check).isInstanceOf(KeyCheck.Valid.class);
		assertThat(((KeyCheck.Valid) check).key().id()).isEqualTo(issued.record().id());
		assertThat(administration.find(issued.record().id()).block(TIMEOUT).lastUsedAt()).isEqualTo(clock.instant());
	}

	@Test
	void verifyWhenTransientKeyThenValidUntilDisposedAndNeverStored() {
		String secret = FORMAT.generate(Mode.TEST);
		ApiKeyRecord record = new ApiKeyRecord("warm-up-unit-0", "warm-up", "org_warm_up", List.of(), List.of(), Mode.TEST,
				KeyStatus.ACTIVE, FORMAT.redact(secret), null, null, clock.instant(), null, Map.of());

		reactor.core.Disposable admitted = verifier.admitTransient(secret, record);
		KeyCheck check = verify(secret);

		assertThat(check).isInstanceOf(KeyCheck.Valid.class);
		assertThat(((KeyCheck.Valid) check).key()).isEqualTo(record);
		assertThat(verifier.lastUsedAt(record.id(), null)).as("use time kept for writing").isNull();
		assertThatExceptionOfType(KeyRequestException.class).as("the key in the store")
			.isThrownBy(() -> administration.find(record.id()).block(TIMEOUT));

		admitted.dispose();

		assertThat(refusal(verify(secret))).as("after the handle is disposed, though it was cached")
			.isEqualTo("API key is not valid");
	}

	@Test
	void verifyWhenRevokedThroughThisInstanceThenRefusedAtOnceAndAnnounced() {
		IssuedApiKey issued = create(Mode.LIVE, null);
		assertThat(verify(issued.secret())).as("cached").isInstanceOf(KeyCheck.Valid.class);
		List<String> changed = new CopyOnWriteArrayList<>();
		verifier.changes().subscribe(changed::add);

		administration.revoke(issued.record().id()).block(TIMEOUT);

		assertThat(refusal(verify(issued.secret()))).isEqualTo("API key has been revoked");
		assertThat(changed).containsExactly(issued.record().id());
	}

	@Test
	void verifyWhenPastExpiresAtThenRefusedAsExpired() {
		IssuedApiKey issued = create(Mode.LIVE, clock.instant().plus(Duration.ofHours(1)));
		assertThat(verify(issued.secret())).isInstanceOf(KeyCheck.Valid.class);

		clock.advance(Duration.ofHours(1));

		assertThat(refusal(verify(issued.secret()))).isEqualTo("API key has expired");
	}

	@Test
	void verifyWhenRolledThenOldSecretWorksUntilTheDeadlineAndTheNewOneAfter() {
		IssuedApiKey issued = create(Mode.LIVE, null);
		assertThat(verify(issued.secret())).isInstanceOf(KeyCheck.Valid.class);

		IssuedApiKey rolled = administration.roll(issued.record().id(), Duration.ofHours(1)).block(TIMEOUT);

		assertThat(verify(issued.secret())).as("within the grace period").isInstanceOf(KeyCheck.Valid.class);
		assertThat(verify(rolled.secret())).isInstanceOf(KeyCheck.Valid.class);
		clock.advance(Duration.ofHours(1));
		assertThat(refusal(verify(issued.secret())))
			.isEqualTo("API key was rolled and this secret's grace period has ended; use the new secret");
		assertThat(verify(rolled.secret())).isInstanceOf(KeyCheck.Valid.class);
	}

	@Test
	void verifyWhenRolledWithoutGraceThenOldSecretUnknownAtOnce() {
		IssuedApiKey issued = create(Mode.LIVE, null);
		assertThat(verify(issued.secret())).isInstanceOf(KeyCheck.Valid.class);

		administration.roll(issued.record().id(), Duration.ZERO).block(TIMEOUT);

		assertThat(refusal(verify(issued.secret()))).isEqualTo("API key is not valid");
	}

	@Test
	void verifyWhenTestKeyAndTestModeOffThenRefused() {
		IssuedApiKey issued = create(Mode.TEST, null);
		try (ApiKeyVerifier liveOnly = verifier(new ApiKeyFormat("mcp_live_", ""), store)) {
			assertThat(refusal(liveOnly.verify(issued.secret()).block(TIMEOUT)))
				.isEqualTo("API key is a test key and test mode is off on this server");
		}
	}

	@Test
	void verifyWhenUnknownMalformedOrMistypedThenRefusedWithoutSayingWhichKeyExists() {
		String unknown = FORMAT.generate(Mode.LIVE);
		String mistyped = unknown.substring(0, unknown.length() - 1) + (unknown.endsWith("A") ? "B" : "A");

		assertThat(refusal(verify(unknown))).isEqualTo("API key is not valid");
		assertThat(refusal(verify(mistyped))).isEqualTo("API key checksum does not match (mistyped or truncated key)");
		assertThat(refusal(verify("mcp_live_\u00e9"))).isEqualTo("API key is malformed");
	}

	@Test
	void verifyWhenRedisUnreachableAndKeyNotCachedThenUnavailable() throws IOException {
		LettuceConnectionFactory nowhere = LocalRedis.connect(LocalRedis.freePort());
		try (ApiKeyVerifier cut = verifier(FORMAT,
				new ApiKeyStore(new ReactiveStringRedisTemplate(nowhere), new JsonMapper()))) {
			assertThat(cut.verify(FORMAT.generate(Mode.LIVE)).block(TIMEOUT)).isInstanceOf(KeyCheck.Unavailable.class);
		}
		finally {
			nowhere.destroy();
		}
	}

	@Test
	void verifyWhenRevokedThroughAnAdministrationWithoutVerifierThenRefusedWithinASecondThroughPubSub()
			throws InterruptedException {
		IssuedApiKey issued = create(Mode.LIVE, null);
		verifier.start();
		listening(verifier);
		assertThat(verify(issued.secret())).as("cached").isInstanceOf(KeyCheck.Valid.class);
		ApiKeyAdministration commandLine = new ApiKeyAdministration(FORMAT, store, clock);

		commandLine.revoke(issued.record().id()).block(TIMEOUT);

		long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
		while (verify(issued.secret()) instanceof KeyCheck.Valid) {
			assertThat(System.nanoTime()).as("refused within a second").isLessThan(deadline);
			Thread.sleep(10);
		}
		assertThat(refusal(verify(issued.secret()))).isEqualTo("API key has been revoked");
	}

	/** Waits until the verifier's subscription hears what is published: pub/sub keeps nothing for later. */
	private static void listening(ApiKeyVerifier verifier) throws InterruptedException {
		List<String> heard = new CopyOnWriteArrayList<>();
		Disposable probe = verifier.changes().subscribe(heard::add);
		try {
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (!heard.contains("probe")) {
				assertThat(System.nanoTime()).as("subscribed").isLessThan(deadline);
				store.publishKeyChanged("probe").block(TIMEOUT);
				Thread.sleep(20);
			}
		}
		finally {
			probe.dispose();
		}
	}
}
