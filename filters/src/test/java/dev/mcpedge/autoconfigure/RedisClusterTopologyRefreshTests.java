package dev.mcpedge.autoconfigure;

import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology refresh a Redis Cluster gets: defaults that follow a failover, Spring Boot's properties where set. */
class RedisClusterTopologyRefreshTests {

	private static ClusterTopologyRefreshOptions refresh(MockEnvironment environment) {
		ClusterClientOptions.Builder builder = ClusterClientOptions.builder();
		new RedisClusterTopologyRefresh(environment).customize(builder);
		return builder.build().getTopologyRefreshOptions();
	}

	@Test
	void nothingSetThenAdaptiveAtMostOnceASecondAndEveryTenSeconds() {
		ClusterTopologyRefreshOptions options = refresh(new MockEnvironment());
		assertThat(options.getAdaptiveRefreshTriggers()).containsExactlyInAnyOrder(RefreshTrigger.values());
		assertThat(options.getAdaptiveRefreshTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(options.isPeriodicRefreshEnabled()).isTrue();
		assertThat(options.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.useDynamicRefreshSources()).isTrue();
	}

	@Test
	void springBootPropertiesSetThenTheyWin() {
		ClusterTopologyRefreshOptions options = refresh(new MockEnvironment()
			.withProperty("spring.data.redis.lettuce.cluster.refresh.adaptive", "false")
			.withProperty("spring.data.redis.lettuce.cluster.refresh.period", "1m")
			.withProperty("spring.data.redis.lettuce.cluster.refresh.dynamic-refresh-sources", "false"));
		assertThat(options.getAdaptiveRefreshTriggers()).isEmpty();
		assertThat(options.getRefreshPeriod()).isEqualTo(Duration.ofMinutes(1));
		assertThat(options.useDynamicRefreshSources()).isFalse();
	}

	@Test
	void noClusterThenOptionsUntouched() {
		ClientOptions.Builder builder = ClientOptions.builder();
		new RedisClusterTopologyRefresh(new MockEnvironment()).customize(builder);
		assertThat(builder.build()).isInstanceOf(ClientOptions.class).isNotInstanceOf(ClusterClientOptions.class);
	}
}
