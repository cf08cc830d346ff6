package dev.mcpedge.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link RedisNodeOutageFilter} names a node from the addresses Lettuce prints, so that the
 * failures to one node and its return are matched whatever form each message takes.
 */
class RedisNodeOutageFilterTests {

	@Test
	void everyFormLettucePrintsThenTheSameHostAndPort() {
		assertThat(RedisNodeOutageFilter.node("127.0.0.1/<unresolved>:6379")).isEqualTo("127.0.0.1:6379");
		assertThat(RedisNodeOutageFilter.node("127.0.0.1/127.0.0.1:6379")).isEqualTo("127.0.0.1:6379");
		assertThat(RedisNodeOutageFilter.node("/127.0.0.1:6379")).isEqualTo("127.0.0.1:6379");
		assertThat(RedisNodeOutageFilter.node("127.0.0.1:6379")).isEqualTo("127.0.0.1:6379");
		assertThat(RedisNodeOutageFilter.node("redis://127.0.0.1:6379")).isEqualTo("127.0.0.1:6379");
		assertThat(RedisNodeOutageFilter.node("redis-1.example/10.0.0.5:7000")).isEqualTo("redis-1.example:7000");
	}
}
