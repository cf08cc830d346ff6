package dev.mcpedge.autoconfigure;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.core.env.Environment;

/**
 * With a Redis Cluster ({@code spring.data.redis.cluster.nodes}), lets Lettuce follow a failover by
 * itself. After a master dies, commands for its slots go to its dead address (and, as commands are
 * rejected while disconnected, fail at once) until Lettuce reads the cluster's topology again. Spring
 * Boot leaves topology refresh off by default, and even when {@code adaptive} is on Lettuce refreshes
 * at most once per 30 s: the first refresh, a moment after the master died, still sees it as master,
 * so its slots would stay unreachable for up to half a minute after the replica took over.
 * <p>
 * So, unless set otherwise with Spring Boot's own properties:
 * <ul>
 * <li>{@code spring.data.redis.lettuce.cluster.refresh.adaptive}: {@code true} (refresh on
 * redirects, uncovered slots, unknown nodes and repeated reconnects), at most once per
 * {@value #ADAPTIVE_LIMIT_SECONDS} s;</li>
 * <li>{@code spring.data.redis.lettuce.cluster.refresh.period}: {@code 10s}. A master that froze or
 * was cut off by the network triggers no adaptive refresh (its connections stay open, commands to it
 * time out), so this period bounds how long its slots stay unreachable after its replica took over;</li>
 * <li>{@code spring.data.redis.lettuce.cluster.refresh.dynamic-refresh-sources}: Spring Boot's
 * default, {@code true}.</li>
 * </ul>
 * Does nothing without a cluster.
 */
final class RedisClusterTopologyRefresh implements LettuceClientOptionsBuilderCustomizer {

	static final long ADAPTIVE_LIMIT_SECONDS = 1;

	private static final String PREFIX = "spring.data.redis.lettuce.cluster.refresh.";

	private final Environment environment;

	RedisClusterTopologyRefresh(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void customize(ClientOptions.Builder builder) {
		if (!(builder instanceof ClusterClientOptions.Builder cluster)) {
			return;
		}
		Binder binder = Binder.get(environment);
		ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
			.dynamicRefreshSources(binder.bind(PREFIX + "dynamic-refresh-sources", Boolean.class).orElse(true))
			.enablePeriodicRefresh(binder.bind(PREFIX + "period", Duration.class).orElse(Duration.ofSeconds(10)));
		if (binder.bind(PREFIX + "adaptive", Boolean.class).orElse(true)) {
			refresh.enableAllAdaptiveRefreshTriggers()
				.adaptiveRefreshTriggersTimeout(Duration.ofSeconds(ADAPTIVE_LIMIT_SECONDS));
		}
		cluster.topologyRefreshOptions(refresh.build());
	}
}
