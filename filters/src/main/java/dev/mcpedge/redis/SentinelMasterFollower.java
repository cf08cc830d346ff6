package dev.mcpedge.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * With Redis Sentinel, moves the client's connections to the new master as soon as a Sentinel
 * announces it ({@code +switch-master}, subscribed to on every Sentinel).
 * <p>
 * Lettuce asks the Sentinels for the master only when it connects, and a connection that stays up
 * stays where it is. After a crash the connection drops by itself; after a planned switchover
 * ({@code SENTINEL FAILOVER}) it does not: the old master keeps its clients and accepts writes for
 * about ten seconds, until Sentinel makes it a replica and replaces its data, so an API key created or
 * revoked meanwhile would be lost. On an announcement every data connection of the client (the shared
 * command connection, the key events' subscription) is dropped, without waiting and without the
 * connection factory's lock (see {@link MasterConnections}), and Lettuce reconnects it through the
 * Sentinels, to the new master; on the same announcement from each other Sentinel, those not on the
 * new master are dropped again, so that no connection stays with a Sentinel's outdated answer. A master
 * demoted by anything that neither announces it nor disconnects its clients (an operator's
 * {@code REPLICAOF}) is not noticed: writes there fail with {@code READONLY} (503) until the connection
 * drops.
 */
public final class SentinelMasterFollower implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SentinelMasterFollower.class);

	private static final String SWITCH_MASTER = "+switch-master";

	private final LettuceConnectionFactory factory;

	private final RedisSentinelConfiguration sentinels;

	private final MasterConnections connections = new MasterConnections();

	/** This follower's own subscriptions, to the Sentinels: never dropped. */
	private final Set<StatefulConnection<?, ?>> subscribed = ConcurrentHashMap.newKeySet();

	/** The last announcement acted on: each Sentinel sends the same one. */
	private final AtomicReference<String> lastAnnouncement = new AtomicReference<>("");

	private volatile boolean closed;

	private final Disposable.Composite subscriptions = Disposables.composite();

	private SentinelMasterFollower(LettuceConnectionFactory factory) {
		this.factory = factory;
		this.sentinels = factory.getSentinelConfiguration();
	}

	/**
	 * Follows the master for every Sentinel-configured Lettuce connection factory, from right after
	 * its initialization until the application context starts closing.
	 */
	public static Installer installer() {
		return new Installer();
	}

	/**
	 * Starts a follower for each Sentinel-configured Lettuce connection factory; stops them all as soon
	 * as the context closes, before any bean is stopped, so that no reset races the shutdown.
	 */
	public static final class Installer implements DestructionAwareBeanPostProcessor, ApplicationListener<ContextClosedEvent> {

		private final Map<LettuceConnectionFactory, SentinelMasterFollower> followers = new ConcurrentHashMap<>();

		private Installer() {
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof LettuceConnectionFactory factory && factory.isRedisSentinelAware()
					&& factory.getNativeClient() instanceof RedisClient client) {
				SentinelMasterFollower follower = new SentinelMasterFollower(factory);
				follower.subscribe(client);
				followers.put(factory, follower);
			}
			return bean;
		}

		@Override
		public void onApplicationEvent(ContextClosedEvent event) {
			followers.values().forEach(SentinelMasterFollower::close);
		}

		@Override
		public void postProcessBeforeDestruction(Object bean, String beanName) {
			SentinelMasterFollower follower = followers.remove(bean);
			if (follower != null) {
				follower.close();
			}
		}

		@Override
		public boolean requiresDestruction(Object bean) {
			return bean instanceof LettuceConnectionFactory;
		}
	}

	/**
	 * Hears the client's connections as they connect, and subscribes to {@code +switch-master} on every
	 * Sentinel, retrying those that do not answer yet.
	 */
	private void subscribe(RedisClient client) {
		client.addListener(connections);
		RedisPubSubAdapter<String, String> listener = new RedisPubSubAdapter<>() {
			@Override
			public void message(String channel, String message) {
				// "<master name> <old ip> <old port> <new ip> <new port>"
				if (message.startsWith(sentinels.getMaster().getName() + " ")) {
					reconnect(message);
				}
			}
		};
		for (RedisNode sentinel : sentinels.getSentinels()) {
			subscriptions.add(Mono.fromCompletionStage(() -> client.connectPubSubAsync(StringCodec.UTF8, uri(sentinel)))
				.doOnError(ex -> logger.debug("Sentinel " + sentinel + " not reachable for master switches, retrying: " + ex))
				.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5)))
				.subscribe(connection -> {
					subscribed.add(connection);
					connection.addListener(listener);
					connection.async().subscribe(SWITCH_MASTER);
				}));
		}
	}

	private RedisURI uri(RedisNode sentinel) {
		RedisURI.Builder uri = RedisURI.Builder.redis(sentinel.getHost(), sentinel.getRequiredPort())
			.withSsl(factory.getClientConfiguration().isUseSsl())
			.withTimeout(factory.getClientConfiguration().getCommandTimeout());
		if (sentinels.getSentinelPassword().isPresent()) {
			char[] password = sentinels.getSentinelPassword().get();
			if (sentinels.getSentinelUsername() != null) {
				uri.withAuthentication(sentinels.getSentinelUsername(), password);
			}
			else {
				uri.withPassword(password);
			}
		}
		return uri.build();
	}

	/**
	 * Drops the data connections not on the announced master, on the thread that heard the
	 * announcement: nothing here waits. Every Sentinel announces the switch as it learns of it, up to
	 * seconds apart, and a connection that reconnected in between may have asked a Sentinel that still
	 * named the old master; so each announcement moves those again (and leaves the others alone), and
	 * after the last one every Sentinel names the new master. The first is logged.
	 */
	private void reconnect(String announcement) {
		// "<master name> <old ip> <old port> <new ip> <new port>"
		String[] fields = announcement.split(" ");
		if (closed || fields.length != 5) {
			return;
		}
		int port;
		try {
			port = Integer.parseInt(fields[4]);
		}
		catch (NumberFormatException ex) {
			return;
		}
		int dropped = connections.drop(fields[3], port, subscribed::contains);
		if (!announcement.equals(lastAnnouncement.getAndSet(announcement))) {
			logger.info("Redis Sentinel announced a new master (" + announcement + "): " + dropped
					+ " connection(s) reconnecting to it");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Another Sentinel announced the same master (" + announcement + "): " + dropped
					+ " connection(s) reconnecting again");
		}
	}

	/**
	 * Stops connecting to Sentinels. The connections themselves belong to the factory's client, which
	 * closes them when the factory is destroyed (closing them here as well makes Lettuce warn).
	 */
	@Override
	public void close() {
		closed = true;
		subscriptions.dispose();
	}
}
