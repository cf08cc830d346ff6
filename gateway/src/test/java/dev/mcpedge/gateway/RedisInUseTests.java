package dev.mcpedge.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;

import static org.assertj.core.api.Assertions.assertThat;

class RedisInUseTests {

	@Test
	void describeWhenEachModeThenModeAndNodesButNoPassword() {
		assertThat(RedisInUse.describe(new DataRedisConnectionDetails() {
			@Override
			public Standalone getStandalone() {
				return Standalone.of("redis.internal", 6379, 2);
			}

			@Override
			public String getPassword() {
				return "s3cret";
			}
		})).isEqualTo("standalone, redis.internal:6379 database 2");
		assertThat(RedisInUse.describe(new DataRedisConnectionDetails() {
			@Override
			public Cluster getCluster() {
				return () -> List.of(new Node("10.0.0.1", 7000), new Node("10.0.0.2", 7001));
			}
		})).isEqualTo("cluster, nodes 10.0.0.1:7000, 10.0.0.2:7001");
		assertThat(RedisInUse.describe(new DataRedisConnectionDetails() {
			@Override
			public Sentinel getSentinel() {
				return new Sentinel() {
					@Override
					public int getDatabase() {
						return 0;
					}

					@Override
					public String getMaster() {
						return "mymaster";
					}

					@Override
					public List<Node> getNodes() {
						return List.of(new Node("10.0.0.3", 26379));
					}

					@Override
					public String getUsername() {
						return null;
					}

					@Override
					public String getPassword() {
						return "s3cret";
					}
				};
			}
		})).isEqualTo("sentinel, master mymaster via 10.0.0.3:26379").doesNotContain("s3cret");
	}
}
