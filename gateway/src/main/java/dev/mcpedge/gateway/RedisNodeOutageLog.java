package dev.mcpedge.gateway;

import ch.qos.logback.classic.LoggerContext;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * One warning per Redis node outage and one line when the node is back, instead of Lettuce's warning
 * about once a second while a node is down (see {@link RedisNodeOutageFilter}): installs that filter
 * in Logback while the application runs, and tells it of every connection Lettuce opens (its event bus's
 * {@link ConnectionActivatedEvent}: connected and through the handshake). With another logging system than Logback, Lettuce's lines stay as they are.
 */
@Component
class RedisNodeOutageLog implements SmartLifecycle {

	private final ClientResources resources;

	private final RedisNodeOutageFilter filter = new RedisNodeOutageFilter();

	private volatile Disposable connections;

	RedisNodeOutageLog(ClientResources resources) {
		this.resources = resources;
	}

	@Override
	public void start() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
			filter.setName("mcp-edge Redis node outages");
			filter.setContext(logback);
			filter.start();
			logback.addTurboFilter(filter);
		}
		connections = resources.eventBus()
			.get()
			.ofType(ConnectionActivatedEvent.class)
			.subscribe(connected -> filter.connected(connected.remoteAddress()));
	}

	@Override
	public void stop() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
			logback.getTurboFilterList().remove(filter);
		}
		Disposable running = connections;
		if (running != null) {
			running.dispose();
			connections = null;
		}
	}

	@Override
	public boolean isRunning() {
		return connections != null;
	}
}
