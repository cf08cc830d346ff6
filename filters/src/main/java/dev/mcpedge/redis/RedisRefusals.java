package dev.mcpedge.redis;

import java.util.regex.Pattern;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;

/**
 * Redis failures that say "not now" rather than "wrong": no connection at the moment, a replica
 * refusing a write ({@code READONLY}, after a failover), a server loading its data set
 * ({@code LOADING}), a busy script ({@code BUSY}), a master without its replicas ({@code NOREPLICAS}),
 * a cluster in failover ({@code CLUSTERDOWN}). They are looked for along the cause chain, as Spring Data
 * Redis wraps Lettuce's exceptions in its own.
 */
public final class RedisRefusals {

	/** Error replies that mean "not now": a master without its replicas or a cluster in failover. */
	private static final Pattern TEMPORARY_ERRORS = Pattern.compile("NOREPLICAS|MASTERDOWN|CLUSTERDOWN|TRYAGAIN");

	private RedisRefusals() {
	}

	/** Whether {@code ex} is or was caused by a write refused by a replica, also from inside a Lua script. */
	public static boolean readOnly(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisReadOnlyException || cause instanceof RedisCommandExecutionException
					&& cause.getMessage() != null && cause.getMessage().contains("READONLY You can't write")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether {@code ex} is or was caused by Redis being out of reach or refusing for now: no connection
	 * (lost, not back yet: Lettuce rejects commands meanwhile, or closed under a command), a timeout,
	 * {@code READONLY}, {@code LOADING}, {@code BUSY}, {@code NOREPLICAS} (a master with
	 * {@code min-replicas-to-write} cut off from its replicas), {@code MASTERDOWN}, or a Redis Cluster's
	 * {@code CLUSTERDOWN} and {@code TRYAGAIN} during a failover or resharding. Worth a retry
	 * shortly, unlike an error in the command itself.
	 */
	public static boolean temporary(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisLoadingException || cause instanceof RedisBusyException
					|| cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)
					|| cause instanceof RedisCommandExecutionException && cause.getMessage() != null
							&& TEMPORARY_ERRORS.matcher(cause.getMessage()).lookingAt()) {
				return true;
			}
		}
		return readOnly(ex);
	}
}
