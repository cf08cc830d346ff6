package dev.mcpedge.policy;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveHashOperations;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The rule of {@link ToolHints} around Redis; the merge itself is Redis's (see the integration tests). */
@SuppressWarnings("unchecked")
class ToolHintsTests {

	private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

	private final ReactiveHashOperations<String, Object, Object> hashes = mock(ReactiveHashOperations.class);

	ToolHintsTests() {
		when(redis.opsForHash()).thenReturn(hashes);
	}

	@Test
	void backendNameWhenUrlHasUserInfoOrQueryThenLeftOut() {
		assertThat(ToolHints.backendName(URI.create("HTTPS://user:secret@MCP.example.com:8443/v1/mcp?token=x#f")))
			.isEqualTo("https://mcp.example.com:8443/v1/mcp");
		assertThat(ToolHints.hash("http://127.0.0.1:3001/mcp")).isEqualTo("mcp-edge:tool-hints:{http://127.0.0.1:3001/mcp}");
	}

	@Test
	void readOnlyWhenAskedForOneBackendThenOnlyItsHashIsRead() {
		when(hashes.multiGet(eq("mcp-edge:tool-hints:{http://sandbox/mcp}"), anyList())).thenReturn(Mono.just(List.of("1")));
		assertThat(new ToolHints(redis, true).readOnly("http://sandbox/mcp", List.of("t")).block()).containsExactly(Map.entry("t", true));
		verify(hashes, never()).multiGet(eq("mcp-edge:tool-hints:{http://live/mcp}"), anyList());
	}

	@Test
	void readOnlyWhenHintsNotTrustedThenAStoredReadOnlyCountsForNothing() {
		when(hashes.multiGet(any(), anyList())).thenReturn(Mono.just(List.of("1", "0")));
		assertThat(new ToolHints(redis, false).readOnly("http://live/mcp", List.of("a", "b")).block())
			.containsOnly(Map.entry("a", false), Map.entry("b", false));
	}

	@Test
	void learnWhenHintsNotTrustedThenOnlyWriteToolsAreSent() {
		when(redis.execute(any(RedisScript.class), anyList(), anyList())).thenReturn(Flux.just(List.of("0")));
		assertThat(new ToolHints(redis, false).learn("http://live/mcp", Map.of("r", true, "w", false)).block())
			.containsOnly(Map.entry("w", false));
		verify(redis).execute(any(RedisScript.class), eq(List.of("mcp-edge:tool-hints:{http://live/mcp}")), eq(List.of("w", "0")));
	}

	@Test
	void learnWhenRedisDownThenOnlyWhatMakesToolsStricterIsLearned() {
		when(redis.execute(any(RedisScript.class), anyList(), anyList())).thenReturn(Flux.error(new IllegalStateException("down")));
		when(hashes.multiGet(any(), anyList())).thenReturn(Mono.error(new IllegalStateException("down")));
		ToolHints hints = new ToolHints(redis, true);
		assertThat(hints.learn("http://live/mcp", Map.of("r", true, "w", false)).block()).containsOnly(Map.entry("w", false));
		assertThat(hints.readOnly("http://live/mcp", List.of("r", "w")).block()).containsOnly(Map.entry("w", false));
	}
}
