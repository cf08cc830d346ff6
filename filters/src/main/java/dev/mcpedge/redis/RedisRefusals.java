package dev.mcpedge.redis;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;

/**
 * Redis answers that say "not now" rather than "wrong": a replica refusing a write ({@code READONLY},
 * after a failover), a server loading its data set ({@code LOADING}), a busy script ({@code BUSY}).
 * They are looked for along the cause chain, as Spring Data Redis wraps them.
 */
public final class RedisRefusals {

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

	/** Whether {@code ex} is or was caused by {@code READONLY}, {@code LOADING} or {@code BUSY}: worth a retry shortly. */
	public static boolean temporary(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisLoadingException || cause instanceof RedisBusyException) {
				return true;
			}
		}
		return readOnly(ex);
	}
}
