package dev.mcpedge.keys;

import java.time.Duration;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * This instance's subscription to the key-change channel, healing itself.
 * <p>
 * Lettuce re-subscribes by itself after a connection breaks (on a Redis Cluster, to another node),
 * but it cannot tell a connection to a frozen or partitioned node, open and silent, from a quiet
 * channel: changes would stop arriving for good. And whatever is published while a subscription is
 * down is lost. So an instance that has heard nothing on the channel for {@link #HEARTBEAT_INTERVAL}
 * publishes a {@value #HEARTBEAT} (it looks twice per interval): the channel carries about one
 * heartbeat a second however many instances share it, where one from each instance every second
 * would make n instances hear n² a second. A subscription that hears nothing at all (no heartbeat from
 * any instance, its own included) for {@link #SILENCE} is dropped and made again on a fresh connection,
 * and when messages come again after such a silence, {@code onSilenceEnded} is told: changes may have
 * been missed.
 */
final class KeyEvents implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(KeyEvents.class);

	/** The message that says only "this channel works"; instances before it ignore it. */
	static final String HEARTBEAT = "heartbeat";

	static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	static final Duration SILENCE = Duration.ofSeconds(3);

	private final ApiKeyStore store;

	private final Consumer<String> onEvent;

	private final Runnable onSilenceEnded;

	private volatile long lastHeardNanos;

	private volatile boolean heardOnce;

	private Disposable subscription;

	private Disposable heartbeat;

	KeyEvents(ApiKeyStore store, Consumer<String> onEvent, Runnable onSilenceEnded) {
		this.store = store;
		this.onEvent = onEvent;
		this.onSilenceEnded = onSilenceEnded;
	}

	synchronized void start() {
		if (subscription != null) {
			return;
		}
		subscription = Flux.defer(store::events)
			.timeout(SILENCE)
			.doOnSubscribe(s -> logger.debug("Subscribing to key events"))
			.doOnError(ex -> logger.debug("Key events subscription failed or went silent, subscribing again: " + ex))
			.doOnComplete(() -> logger.debug("Key events subscription completed, subscribing again"))
			.repeat()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
				.transientErrors(true))
			.subscribe(this::heard, ex -> logger.error("Key events subscription ended", ex));
		heartbeat = Flux.interval(Duration.ZERO, HEARTBEAT_INTERVAL.dividedBy(2))
			.onBackpressureDrop()
			.filter(tick -> !heardOnce || System.nanoTime() - lastHeardNanos >= HEARTBEAT_INTERVAL.toNanos())
			.concatMap(tick -> store.publish(HEARTBEAT).onErrorResume(ex -> Mono.empty()))
			.subscribe();
	}

	private void heard(String message) {
		long now = System.nanoTime();
		if (heardOnce && now - lastHeardNanos > SILENCE.toNanos()) {
			logger.info("Key events heard again after " + Duration.ofNanos(now - lastHeardNanos).toMillis()
					+ " ms of silence: changes may have been missed, forgetting every cached key");
			onSilenceEnded.run();
		}
		lastHeardNanos = now;
		heardOnce = true;
		if (!HEARTBEAT.equals(message)) {
			onEvent.accept(message);
		}
	}

	@Override
	public synchronized void close() {
		if (subscription != null) {
			subscription.dispose();
			heartbeat.dispose();
			subscription = null;
		}
	}
}
