package dev.mcpedge.gateway;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.mcpedge.gateway.dev.EmbeddedRedisServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Says at start, in one line, which Redis holds the keys: its mode and nodes as Spring Boot will
 * connect to them, never a password, and whether it is the throw-away embedded one.
 */
@Configuration(proxyBeanMethods = false)
class RedisInUse {

	private static final Log logger = LogFactory.getLog(RedisInUse.class);

	@Bean
	ApplicationRunner redisInUseLine(ObjectProvider<DataRedisConnectionDetails> details,
			ObjectProvider<EmbeddedRedisServer> embedded) {
		return args -> {
			DataRedisConnectionDetails redis = details.getIfAvailable();
			if (redis != null) {
				logger.info("Redis in use: " + describe(redis) + (embedded.getIfAvailable() != null
						? " (embedded development redis-server: nothing is persisted)" : ""));
			}
		};
	}

	/** The mode Spring Boot's Lettuce configuration picks, in its order: Sentinel, Cluster, master/replica, standalone. */
	static String describe(DataRedisConnectionDetails redis) {
		if (redis.getSentinel() != null) {
			return "sentinel, master " + redis.getSentinel().getMaster() + " via " + nodes(redis.getSentinel().getNodes());
		}
		if (redis.getCluster() != null) {
			return "cluster, nodes " + nodes(redis.getCluster().getNodes());
		}
		if (redis.getMasterReplica() != null) {
			return "master/replica, nodes " + nodes(redis.getMasterReplica().getNodes());
		}
		DataRedisConnectionDetails.Standalone standalone = redis.getStandalone();
		return "standalone, " + standalone.getHost() + ":" + standalone.getPort() + " database " + standalone.getDatabase();
	}

	private static String nodes(List<Node> nodes) {
		return nodes.stream().map(node -> node.host() + ":" + node.port()).collect(Collectors.joining(", "));
	}
}
