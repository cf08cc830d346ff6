package dev.mcpedge.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.internal.ExceptionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis error replies as redis-server 6.2 sends them, turned into exceptions by Lettuce and wrapped by Spring Data Redis. */
class RedisRefusalsTests {

	private static RedisSystemException reply(String error) {
		return new RedisSystemException("Error in execution", ExceptionFactory.createExecutionException(error));
	}

	@Test
	void readOnlyWhenAReplicaRefusesAWriteOrAScriptsWriteThenTrue() {
		assertThat(RedisRefusals.readOnly(reply("READONLY You can't write against a read only replica."))).isTrue();
		assertThat(RedisRefusals.readOnly(reply("ERR Error running script (call to f_67ed14c1cb086d8c2fcf91ebe13410ba087fd0f8):"
				+ " @user_script:1: @user_script: 1: -READONLY You can't write against a read only replica."))).isTrue();
	}

	@Test
	void temporaryWhenReadOnlyLoadingBusyNoReplicasOrMasterDownThenTrue() {
		assertThat(RedisRefusals.temporary(reply("READONLY You can't write against a read only replica."))).isTrue();
		assertThat(RedisRefusals.temporary(reply("LOADING Redis is loading the dataset in memory"))).isTrue();
		assertThat(RedisRefusals.temporary(reply("BUSY Redis is busy running a script."))).isTrue();
		assertThat(RedisRefusals.temporary(reply("NOREPLICAS Not enough good replicas to write."))).isTrue();
		assertThat(RedisRefusals.temporary(reply(
				"MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."))).isTrue();
		assertThat(RedisRefusals.readOnly(reply("LOADING Redis is loading the dataset in memory"))).isFalse();
	}

	@Test
	void temporaryWhenAClusterIsDownOrResharingThenTrue() {
		assertThat(RedisRefusals.temporary(reply("CLUSTERDOWN The cluster is down"))).isTrue();
		assertThat(RedisRefusals.temporary(reply("CLUSTERDOWN Hash slot not served"))).isTrue();
		assertThat(RedisRefusals.temporary(reply("TRYAGAIN Multiple keys request during rehashing of slot"))).isTrue();
	}

	@Test
	void temporaryWhenNotConnectedThenTrue() {
		assertThat(RedisRefusals.temporary(new RedisSystemException("Redis exception",
				new RedisException("Currently not connected. Commands are rejected.")))).isTrue();
	}

	@Test
	void otherErrorsThenNeither() {
		RedisSystemException wrongType = reply("WRONGTYPE Operation against a key holding the wrong kind of value");
		assertThat(RedisRefusals.temporary(wrongType)).isFalse();
		assertThat(RedisRefusals.readOnly(wrongType)).isFalse();
		assertThat(RedisRefusals.temporary(new RedisCommandExecutionException("ERR unknown command"))).isFalse();
	}
}
