package dev.mcpedge.keys;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.testing.LocalRedis;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key-change channel on a real redis-server: changes reach a listener in order; a change that was
 * counted but never reached the listener (as when a connection reset drops a message) is noticed at
 * the next heartbeat; heartbeats of an earlier version (no count) and a count that went back (a Redis
 * without its data) are not taken for missed changes.
 */
class KeyEventsTests {

	private static LocalRedis redis;

	private static ReactiveStringRedisTemplate template;

	private static ApiKeyStore store;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> lettuce;

	@BeforeAll
	static void start() throws Exception {
		redis = LocalRedis.start();
		template = new ReactiveStringRedisTemplate(redis.connections());
		store = new ApiKeyStore(template, JsonMapper.builder().build());
		client = RedisClient.create(redis.url());
		lettuce = client.connect();
	}

	@AfterAll
	static void stop() throws Exception {
		lettuce.close();
		client.shutdown();
		redis.close();
	}

	@Test
	void changesHeardThenNothingMissedAndAChangeCountedButNotHeardThenMissedAtTheNextHeartbeat() {
		List<String> heard = new CopyOnWriteArrayList<>();
		AtomicInteger missed = new AtomicInteger();
		try (KeyEvents events = new KeyEvents(store, heard::add, missed::incrementAndGet)) {
			events.start();
			until(Duration.ofSeconds(5), () -> subscribers() == 1);
			waitForHeartbeats(1);

			store.publishKeyChanged("key_1").block();
			store.publishCreated().block();
			until(Duration.ofSeconds(5), () -> heard.size() == 2);
			waitForHeartbeats(1);
			assertThat(heard).containsExactly("key key_1", "created");
			assertThat(missed).as("every change heard").hasValue(0);

			// a change published while this listener did not hear it: counted, never delivered
			template.opsForValue().increment(ApiKeyStore.EVENT_COUNT).block();
			until(Duration.ofSeconds(5), () -> missed.get() == 1);
			waitForHeartbeats(1);
			assertThat(missed).as("noticed once").hasValue(1);
		}
	}

	@Test
	void heartbeatWithoutCountOrCountGoneBackThenNothingMissed() {
		AtomicInteger missed = new AtomicInteger();
		try (KeyEvents events = new KeyEvents(store, event -> {
		}, missed::incrementAndGet)) {
			events.start();
			until(Duration.ofSeconds(5), () -> subscribers() >= 1);
			store.publishCreated().block();
			store.publishCreated().block();
			waitForHeartbeats(1);
			template.convertAndSend(ApiKeyStore.EVENTS, KeyEvents.HEARTBEAT).block(); // an earlier version's
			assertThat(Long.parseLong(template.opsForValue().get(ApiKeyStore.EVENT_COUNT).block())).isPositive();
			template.opsForValue().set(ApiKeyStore.EVENT_COUNT, "0").block(); // a Redis that lost its data
			waitForHeartbeats(2);
			assertThat(missed).hasValue(0);
		}
	}

	private static long subscribers() {
		return lettuce.sync().pubsubNumsub(ApiKeyStore.EVENTS).getOrDefault(ApiKeyStore.EVENTS, 0L);
	}

	private static void until(Duration limit, BooleanSupplier condition) {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("within " + limit).isLessThan(deadline);
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
	}

	/** Waits until {@code n} more heartbeats went over the channel. */
	private static void waitForHeartbeats(int n) {
		List<String> seen = new CopyOnWriteArrayList<>();
		var listening = template.listenToChannel(ApiKeyStore.EVENTS)
			.map(message -> message.getMessage())
			.filter(message -> message.startsWith(KeyEvents.HEARTBEAT))
			.subscribe(seen::add);
		try {
			until(Duration.ofSeconds(10), () -> seen.size() >= n);
		}
		finally {
			listening.dispose();
		}
	}
}
