package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolListRewriterTests {

	private static final EdgeIdentity oauth = new EdgeIdentity(AuthMethod.OAUTH, "user", "org", List.of("p:read"), false, null);

	private final ToolListRewriter rewriter;

	ToolListRewriterTests() {
		PolicySettings policy = new PolicySettings(List.of(), List.of(),
				Map.of("get_*", List.of("p:read"), "secret", List.of("admin:write")), false, "api_test_mode",
				DataSize.ofMegabytes(1), List.of(), DataSize.ofMegabytes(8));
		rewriter = new ToolListRewriter(JsonMapper.builder().build(), new ToolRules(policy), "api_test_mode");
	}

	private String rewrite(String answer, String... ids) {
		return rewrite(answer, new ToolListRewriter.Request(oauth, "http://b/mcp", List.of(ids)));
	}

	/** Nothing learned of the tools: a tool neither configured nor known read-only writes. */
	private String rewrite(String answer, ToolListRewriter.Request request) {
		ToolListRewriter.Read read = rewriter.read(answer.getBytes(StandardCharsets.UTF_8), request);
		return read.listsTools() ? new String(rewriter.write(read, request, Map.of()), StandardCharsets.UTF_8) : "unchanged";
	}

	private static String tools(Object id) {
		return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"tools\":[{\"name\":\"get_a\",\"inputSchema\":{\"type\":\"object\"}},"
				+ "{\"name\":\"secret\",\"inputSchema\":{}},42]}}";
	}

	private static final String FILTERED = "{\"name\":\"get_a\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"api_test_mode\":"
			+ "{\"type\":\"boolean\",\"description\":\"Test mode: true works on test data, false on live data. Required: this tool "
			+ "changes data.\"}},\"required\":[\"api_test_mode\"]}}";

	@Test
	void rewriteWhenBatchThenEveryToolListFilteredAndOtherAnswersKept() {
		assertThat(rewrite("[{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}}," + tools(7) + "]", "7"))
			.isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"result\":{}},{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":["
					+ FILTERED + "]}}]");
	}

	@Test
	void rewriteWhenAnswersNoToolListThenTheSameBytes() {
		assertThat(rewrite("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"no\"}}", "1")).isEqualTo("unchanged");
		assertThat(rewrite("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}", "1")).isEqualTo("unchanged");
		assertThat(rewrite("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", "1")).isEqualTo("unchanged");
	}

	@Test
	void rewriteWhenTheAnswerCannotBeReadThenUnreadable() {
		for (String answer : new String[] { "not json", "{\"id\":1,\"result\":{}}", "{\"id\":1.0,\"result\":{\"tools\":{}}}",
				"[1]", "{\"id\":\"x\",\"result\":" + "[".repeat(600) + "]".repeat(600) + "}" }) {
			assertThatThrownBy(() -> rewrite(answer, "1", "\"x\"")).as(answer).isInstanceOf(ToolListRewriter.Unreadable.class);
		}
	}

	@Test
	void readEventWhenDataIsAToolListThenRewrittenElseNothingToRewrite() {
		ToolListRewriter.Request request = new ToolListRewriter.Request(oauth, "http://b/mcp", List.of("1"));
		byte[] notification = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"}\n\n".getBytes(StandardCharsets.UTF_8);
		assertThat(rewriter.readEvent(notification, request).listsTools()).isFalse();
		byte[] priming = "id: 1\ndata:\n\n".getBytes(StandardCharsets.UTF_8);
		assertThat(rewriter.readEvent(priming, request)).isNull();
		byte[] list = ("id: 2\r\ndata: " + tools(1) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
		ToolListRewriter.Read read = rewriter.readEvent(list, request);
		assertThat(new String(ToolListRewriter.writeEvent(list, rewriter.write(read, request, Map.of())), StandardCharsets.UTF_8))
			.isEqualTo("id: 2\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[" + FILTERED + "]}}\n\n");
	}

	@Test
	void rewriteWhenTheBackendSetsACacheScopeThenPrivateWithItsTtl() {
		String answer = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[],\"ttlMs\":5000,\"cacheScope\":\"public\"}}";
		assertThat(rewrite(answer, "1")).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[],\"ttlMs\":5000,"
				+ "\"cacheScope\":\"private\"}}");
	}

	@Test
	void rewriteWhenNoCacheScopeThenPrivateOnlyFor2026() {
		String old = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}";
		assertThat(rewrite(old, "1")).isEqualTo(old);
		assertThat(rewrite(old, new ToolListRewriter.Request(oauth, "http://b/mcp", List.of("1"), true, "1")))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[],\"cacheScope\":\"private\"}}");
		assertThat(rewrite("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resultType\":\"complete\",\"tools\":[]}}", "1"))
			.isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"resultType\":\"complete\",\"tools\":[],\"cacheScope\":\"private\"}}");
	}
}
