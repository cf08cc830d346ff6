package dev.mcpedge.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.event.command.CommandFailedEvent;
import io.lettuce.core.event.command.CommandListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * With Redis Sentinel, connects again when Redis refuses a write with {@code READONLY}.
 * <p>
 * Lettuce asks the Sentinels for the master only when it connects. A master demoted to a replica
 * by anything that keeps its clients connected (an operator's or a tool's {@code REPLICAOF}; only
 * Sentinel's own reconfiguration disconnects them) leaves the shared connection on a replica: reads
 * work, every write fails, for good. Rate limits would stay per instance and every admin change would
 * fail. On {@code READONLY} the shared connection is dropped (at most once a second, off the event
 * loop), so the next command connects again through the Sentinels to the current master.
 */
public final class ReconnectOnReadOnly implements CommandListener {

	private static final Log logger = LogFactory.getLog(ReconnectOnReadOnly.class);

	private static final long INTERVAL = Duration.ofSeconds(1).toNanos();

	private final LettuceConnectionFactory factory;

	private final AtomicLong notBefore = new AtomicLong(System.nanoTime());

	private ReconnectOnReadOnly(LettuceConnectionFactory factory) {
		this.factory = factory;
	}

	/** Installs the listener on every Sentinel-configured Lettuce connection factory once it has its client. */
	public static BeanPostProcessor installer() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof LettuceConnectionFactory factory && factory.isRedisSentinelAware()
						&& factory.getNativeClient() != null) {
					factory.getNativeClient().addListener(new ReconnectOnReadOnly(factory));
				}
				return bean;
			}
		};
	}

	@Override
	public void commandFailed(CommandFailedEvent event) {
		if (!RedisRefusals.readOnly(event.getCause())) {
			return;
		}
		long now = System.nanoTime();
		long allowed = notBefore.get();
		if (now - allowed < 0 || !notBefore.compareAndSet(allowed, now + INTERVAL)) {
			return;
		}
		logger.warn("Redis refused a write with READONLY (the server is a replica now): connecting again to the master"
				+ " the Sentinels name");
		Schedulers.boundedElastic().schedule(factory::resetConnection);
	}
}
