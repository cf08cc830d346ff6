package dev.mcpedge.gateway.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

import dev.mcpedge.gateway.dev.EmbeddedRedisServer;

/** One real redis-server for the whole test JVM, and a plain client to look inside it. */
public final class TestRedis {

	private static EmbeddedRedisServer server;

	private static RedisClient client;

	private static StatefulRedisConnection<String, String> connection;

	private TestRedis() {
	}

	public static synchronized String url() {
		if (server == null) {
			server = EmbeddedRedisServer.start();
			client = RedisClient.create(server.url());
			connection = client.connect();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				connection.close();
				client.shutdown();
				server.close();
			}));
		}
		return server.url();
	}

	/** How many times Redis has run {@code command} since it started, from {@code INFO commandstats}. */
	public static synchronized long calls(String command) {
		url();
		String info = connection.sync().info("commandstats");
		Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(info);
		return m.find() ? Long.parseLong(m.group(1)) : 0;
	}

	/** A field of a Redis hash, or {@code null}. */
	public static synchronized String hashValue(String key, String field) {
		url();
		return connection.sync().hget(key, field);
	}

	/** A string value, or {@code null}. */
	public static synchronized String value(String key) {
		url();
		return connection.sync().get(key);
	}

	/** How many clients listen on a pub/sub channel. */
	public static synchronized long subscribers(String channel) {
		url();
		return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
	}

	/**
	 * Creates or changes an ACL user with every key and command; {@code channels} says whether it may
	 * subscribe and publish. A change of channels reaches the user's connections (killed here) as they
	 * connect again.
	 */
	public static synchronized void user(String name, String password, boolean channels) {
		url();
		AclSetuserArgs args = AclSetuserArgs.Builder.on().addPassword(password).allKeys().allCommands();
		connection.sync().aclSetuser(name, channels ? args.allChannels() : args.resetChannels());
		connection.sync().clientKill(KillArgs.Builder.user(name));
	}

	/** Every command Redis has run since it started. */
	public static synchronized long totalCalls() {
		url();
		String info = connection.sync().info("commandstats");
		Matcher m = Pattern.compile(":calls=(\\d+)").matcher(info);
		long total = 0;
		while (m.find()) {
			total += Long.parseLong(m.group(1));
		}
		return total;
	}
}
