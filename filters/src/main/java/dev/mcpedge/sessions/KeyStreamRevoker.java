package dev.mcpedge.sessions;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.keys.ApiKeyAdministration;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.ApiKeyVerifier;
import dev.mcpedge.keys.KeyRequestException;
import dev.mcpedge.keys.KeyStatus;

/**
 * Ends the open streams of an API key when it changes (on any instance) so that they are no longer
 * allowed: revoked, deleted, expired, or its scopes or organizations narrowed. A stream that is still
 * allowed goes on, with its end rescheduled to the key's new {@code expiresAt}. When changes may have
 * been missed (the change channel was silent, e.g. a partition from Redis), every key with streams
 * here is read again. When the key cannot be read, its streams end: a stream must never outlive its
 * credential.
 */
public final class KeyStreamRevoker implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(KeyStreamRevoker.class);

	private final ApiKeyVerifier verifier;

	private final ApiKeyAdministration administration;

	private final OpenStreams streams;

	private final Clock clock;

	private volatile Disposable subscription;

	/**
	 * @param verifier whose {@link ApiKeyVerifier#changes()} say which keys changed
	 * @param administration that reads a changed key as it is now
	 */
	public KeyStreamRevoker(ApiKeyVerifier verifier, ApiKeyAdministration administration, OpenStreams streams,
			Clock clock) {
		this.verifier = verifier;
		this.administration = administration;
		this.streams = streams;
		this.clock = clock;
	}

	/** Starts listening to key changes. */
	public synchronized void start() {
		if (subscription == null) {
			subscription = Flux
				.merge(verifier.changes().filter(id -> streams.hasStreams(AuthMethod.API_KEY, id)),
						verifier.changesMissed().concatMapIterable(missed -> streams.principals(AuthMethod.API_KEY)))
				.flatMap(this::recheck)
				.retryWhen(Retry.indefinitely())
				.subscribe();
		}
	}

	private Mono<Void> recheck(String id) {
		return administration.find(id)
			.map(Optional::of)
			.onErrorResume(KeyRequestException.class, ex -> Mono.just(Optional.empty()))
			.timeout(Duration.ofSeconds(5))
			.onErrorResume(ex -> {
				logger.warn("Could not read changed key " + id + "; ending its streams: " + ex);
				return Mono.just(Optional.empty());
			})
			.doOnNext(record -> streams.forEach(AuthMethod.API_KEY, id, stream -> {
				if (record.isEmpty() || !allows(record.get(), stream.identity())) {
					stream.end("key " + id + " revoked, expired or narrowed");
				}
				else {
					stream.expireAt(record.get().expiresAt());
				}
			}))
			.then();
	}

	/** Whether the key as it is now still allows what the stream was opened with. */
	boolean allows(ApiKeyRecord key, EdgeIdentity opened) {
		if (key.statusAt(clock.instant()) != KeyStatus.ACTIVE) {
			return false;
		}
		if (opened.organizationId() != null && !key.mayActFor(opened.organizationId())) {
			return false;
		}
		if (key.scopes().isEmpty()) {
			return true; // unrestricted now: nothing narrowed
		}
		return !opened.unrestricted() && key.scopes().containsAll(opened.scopes());
	}

	@Override
	public synchronized void close() {
		if (subscription != null) {
			subscription.dispose();
			subscription = null;
		}
	}
}
