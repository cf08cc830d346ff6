package dev.mcpedge.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.jspecify.annotations.Nullable;

/**
 * The SSE streams this instance is sending, by principal, so that they can be ended when their
 * credential stops allowing them. A stream is removed when it finishes, however it finishes; nothing
 * is kept for a principal without open streams.
 */
public final class OpenStreams {

	private static final Log logger = LogFactory.getLog(OpenStreams.class);

	private final Map<String, Set<Stream>> byPrincipal = new ConcurrentHashMap<>();

	private final Clock clock;

	private final Scheduler scheduler;

	public OpenStreams(Clock clock, Scheduler scheduler) {
		this.clock = clock;
		this.scheduler = scheduler;
	}

	/** Registers a stream of this identity, to be ended at {@code expiresAt} if it is still open then. */
	public Stream open(EdgeIdentity identity, @Nullable Instant expiresAt) {
		Stream stream = new Stream(identity);
		byPrincipal.compute(principal(identity.authMethod(), identity.principal()), (key, streams) -> {
			Set<Stream> set = streams != null ? streams : ConcurrentHashMap.newKeySet();
			set.add(stream);
			return set;
		});
		stream.expireAt(expiresAt);
		return stream;
	}

	/** Forgets a finished stream. */
	void closed(Stream stream) {
		stream.cancelExpiry();
		byPrincipal.computeIfPresent(principal(stream.identity.authMethod(), stream.identity.principal()),
				(key, streams) -> {
					streams.remove(stream);
					return streams.isEmpty() ? null : streams;
				});
	}

	/** Whether this principal has open streams here. */
	public boolean hasStreams(AuthMethod method, String principal) {
		return byPrincipal.containsKey(principal(method, principal));
	}

	/** The principals of this authentication method with open streams here. */
	public List<String> principals(AuthMethod method) {
		String prefix = method.name() + " ";
		return byPrincipal.keySet().stream().filter(key -> key.startsWith(prefix))
			.map(key -> key.substring(prefix.length())).toList();
	}

	/** Calls {@code action} with each open stream of this principal. */
	public void forEach(AuthMethod method, String principal, Consumer<Stream> action) {
		Set<Stream> streams = byPrincipal.get(principal(method, principal));
		if (streams != null) {
			List.copyOf(streams).forEach(action);
		}
	}

	/**
	 * Ends every stream open here (the instance is shutting down); {@code reason} goes to the debug log.
	 * @return how many streams were open
	 */
	public int endAll(String reason) {
		List<Stream> all = byPrincipal.values().stream().flatMap(Set::stream).toList();
		all.forEach(stream -> stream.end(reason));
		return all.size();
	}

	/** How many streams are open here. */
	public int size() {
		return byPrincipal.values().stream().mapToInt(Set::size).sum();
	}

	private static String principal(AuthMethod method, String principal) {
		return method.name() + " " + principal;
	}

	/** One open stream: its identity and the signal that ends it. */
	public final class Stream {

		private final EdgeIdentity identity;

		private final Sinks.Empty<Void> end = Sinks.empty();

		private volatile Disposable expiry;

		private Stream(EdgeIdentity identity) {
			this.identity = identity;
		}

		/** The identity the stream was opened with. */
		public EdgeIdentity identity() {
			return identity;
		}

		/** Completes when the stream must end (replayed to a late subscriber). */
		public Mono<Void> ended() {
			return end.asMono();
		}

		/** Ends the stream now; {@code reason} goes to the debug log. */
		public void end(String reason) {
			if (end.tryEmitEmpty().isSuccess() && logger.isDebugEnabled()) {
				logger.debug("Ending a stream of " + identity.authMethod() + " " + identity.principal() + ": " + reason);
			}
		}

		/** Ends the stream at {@code at} (now if past), replacing any earlier schedule; {@code null}: never. */
		public synchronized void expireAt(@Nullable Instant at) {
			cancelExpiry();
			if (at != null) {
				long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
				expiry = scheduler.schedule(() -> end("credential expired"), delay, TimeUnit.MILLISECONDS);
			}
		}

		private synchronized void cancelExpiry() {
			Disposable current = expiry;
			if (current != null) {
				current.dispose();
				expiry = null;
			}
		}
	}
}
