package dev.mcpedge.gateway;

import java.net.ConnectException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link RedisNodeOutageFilter} names a node from the addresses Lettuce prints, so that the
 * failures to one node and its return are matched whatever form each message takes.
 */
@ExtendWith(OutputCaptureExtension.class)
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

	@Test
	void sameNodeWhenAnotherFailureOrNotAConnectFailureThenPassesAndTheFirstIsLoggedWithItsException(
			CapturedOutput output) {
		Logger watchdog = new LoggerContext().getLogger("io.lettuce.core.protocol.ConnectionWatchdog");
		RedisNodeOutageFilter filter = new RedisNodeOutageFilter();
		String refused = "Cannot reconnect to [redis-a/10.0.0.5:6379]: Connection refused: redis-a/10.0.0.5:6379";

		assertThat(filter.decide(null, watchdog, Level.WARN, refused, null, new ConnectException("Connection refused")))
			.as("the first: logged as the filter's own warning instead").isEqualTo(FilterReply.DENY);
		assertThat(filter.decide(null, watchdog, Level.WARN, refused, null, new ConnectException("Connection refused")))
			.as("the same failure again").isEqualTo(FilterReply.DENY);
		assertThat(filter.decide(null, watchdog, Level.WARN,
				"Cannot reconnect to [redis-a/10.0.0.5:6379]: Cannot provide redisAddress using sentinel for masterId mymaster",
				null, null))
			.as("another reason for the same node: its own first warning").isEqualTo(FilterReply.DENY);
		assertThat(filter.decide(null, watchdog, Level.WARN,
				"Cannot reconnect to [redis-a/10.0.0.5:6379]: WRONGPASS invalid username-password pair", null,
				new IllegalStateException("WRONGPASS invalid username-password pair")))
			.as("not a failure to connect").isEqualTo(FilterReply.NEUTRAL);
		assertThat(output.getAll().lines().filter(line -> line.contains("Redis node redis-a:6379 unreachable")))
			.as("one warning per failure of the node").hasSize(2)
			.anyMatch(line -> line.contains("Connection refused"))
			.anyMatch(line -> line.contains("Cannot provide redisAddress using sentinel"));
		assertThat(output.getAll()).as("the first warning's exception").contains("java.net.ConnectException: Connection refused");
	}
}
