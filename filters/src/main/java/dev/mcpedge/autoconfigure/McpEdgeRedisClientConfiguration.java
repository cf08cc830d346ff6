package dev.mcpedge.autoconfigure;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

import dev.mcpedge.redis.SentinelMasterFollower;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * How the Lettuce client behaves when Redis goes away or fails over, for standalone Redis, Sentinel
 * and Cluster alike: short reconnects, no queued commands while disconnected, topology refresh on a
 * cluster, and the Sentinel's master followed at once. Each customizer backs off when the application
 * defines a bean of the same name (several customizers of one type add up, so they are matched by name).
 */
@Configuration(proxyBeanMethods = false)
class McpEdgeRedisClientConfiguration {

	/**
	 * Reconnect to a Redis that came back, or to the master Sentinel promoted, within a quarter of a
	 * second, not Lettuce's default of up to 30 s (an outage is logged once, not per attempt).
	 */
	@Bean
	@ConditionalOnMissingBean(name = "mcpEdgeFastRedisReconnect")
	ClientResourcesBuilderCustomizer mcpEdgeFastRedisReconnect() {
		return builder -> builder.reconnectDelay(() -> Delay.exponential(Duration.ofMillis(10), Duration.ofMillis(250), 2,
				TimeUnit.MILLISECONDS));
	}

	/** With Redis down, fail a command at once rather than queue it until the timeout. */
	@Bean
	@ConditionalOnMissingBean(name = "mcpEdgeRejectCommandsWhileDisconnected")
	LettuceClientOptionsBuilderCustomizer mcpEdgeRejectCommandsWhileDisconnected() {
		return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/** With a Redis Cluster, follow a failover by itself: see {@link RedisClusterTopologyRefresh}. */
	@Bean
	@ConditionalOnMissingBean(name = "mcpEdgeRedisClusterTopologyRefresh")
	LettuceClientOptionsBuilderCustomizer mcpEdgeRedisClusterTopologyRefresh(Environment environment) {
		return new RedisClusterTopologyRefresh(environment);
	}

	/** With Sentinel, keeps the connections on the current master: see {@link SentinelMasterFollower}. */
	@Bean
	@ConditionalOnMissingBean
	static SentinelMasterFollower.Installer mcpEdgeSentinelMasterFollower() {
		return SentinelMasterFollower.installer();
	}
}
