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
 * This instance's subscription to the key-change channel, healing itself, and knowing when it missed
 * something.
 * <p>
 * Lettuce re-subscribes by itself after a connection breaks (on a Redis Cluster, to another node),
 * but it cannot tell a connection to a frozen or partitioned node, open and silent, from a quiet
 * channel: changes would stop arriving for good. And whatever is published while a subscription is
 * down is lost. So an instance that has heard no heartbeat on the channel for
 * {@link #HEARTBEAT_INTERVAL} publishes one (it looks twice per interval): the channel carries about
 * one heartbeat a second however many instances share it, where one from each instance every second
 * would make n instances hear n² a second. A subscription that hears nothing at all (no heartbeat from
 * any instance, its own included) for {@link #SILENCE} is dropped and made again on a fresh
 * connection.
 * <p>
 * Changes are counted in Redis as they are published ({@link ApiKeyStore#publish}), and a heartbeat
 * carries the count ({@code heartbeat <n>}); both are published by scripts, so the channel delivers
 * them in the order of the count. A subscriber that heard fewer changes between two heartbeats than
 * the counts say missed some, however short the gap was (a connection reset and Lettuce's quiet
 * re-subscription, a Redis that dropped a slow subscriber): {@code onChangesMissed} is told, as it is
 * when messages come again after a silence. A smaller count than expected (a Redis without its data,
 * an instance of an earlier version publishing uncounted changes) only starts the counting again.
 */
final class KeyEvents implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(KeyEvents.class);

	/** The message that says only "this channel works"; instances before it ignore it. */
	static final String HEARTBEAT = "heartbeat";

	static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	static final Duration SILENCE = Duration.ofSeconds(3);

	private final ApiKeyStore store;

	private final Consumer<String> onEvent;

	private final Runnable onChangesMissed;

	private volatile long lastHeardNanos;

	private volatile boolean heardOnce;

	private Disposable subscription;

	private Disposable heartbeat;

	/** The count of the last heartbeat heard, or -1 before the first. */
	private long heartbeatCount = -1;

	/** Changes heard since that heartbeat. */
	private long changesHeard;

	private volatile long lastHeartbeatNanos;

	KeyEvents(ApiKeyStore store, Consumer<String> onEvent, Runnable onChangesMissed) {
		this.store = store;
		this.onEvent = onEvent;
		this.onChangesMissed = onChangesMissed;
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
			.filter(tick -> !heardOnce || System.nanoTime() - lastHeartbeatNanos >= HEARTBEAT_INTERVAL.toNanos())
			.concatMap(tick -> store.publishHeartbeat().onErrorResume(ex -> Mono.empty()))
			.subscribe();
	}

	/** Called for each message in the channel's order, one at a time (a subscription delivers serially). */
	private void heard(String message) {
		long now = System.nanoTime();
		if (heardOnce && now - lastHeardNanos > SILENCE.toNanos()) {
			changesMissed("Key events heard again after " + Duration.ofNanos(now - lastHeardNanos).toMillis()
					+ " ms of silence");
			heartbeatCount = -1;
		}
		lastHeardNanos = now;
		heardOnce = true;
		if (message.startsWith(HEARTBEAT)) {
			lastHeartbeatNanos = now;
			counted(message.substring(HEARTBEAT.length()).trim());
		}
		else {
			changesHeard++;
			onEvent.accept(message);
		}
	}

	/** Compares a heartbeat's count with the changes heard since the one before. */
	private void counted(String count) {
		long published;
		try {
			published = Long.parseLong(count);
		}
		catch (NumberFormatException ex) {
			return; // a heartbeat of an earlier version: no count
		}
		if (heartbeatCount >= 0 && published > heartbeatCount + changesHeard) {
			changesMissed("Key events: " + (published - heartbeatCount - changesHeard)
					+ " change(s) published while this instance did not hear them");
		}
		heartbeatCount = published;
		changesHeard = 0;
	}

	private void changesMissed(String what) {
		logger.info(what + ": forgetting every cached key and checking every open stream's key again");
		onChangesMissed.run();
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
