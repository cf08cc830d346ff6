package dev.mcpedge.policy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.AuthMethod;
import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The {@code tools/list} answer decorator: what the caller gets for each kind of answer, and the
 * learning it does on the way. Redis is a stub here; the integration tests run it for real.
 */
@SuppressWarnings("unchecked")
class ToolListResponseTests {

	private static final EdgeIdentity OAUTH = new EdgeIdentity(AuthMethod.OAUTH, "user", "org", List.of("p:read"), false, null);

	private static final String TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"tools\":["
			+ "{\"name\":\"get_a\",\"annotations\":{\"readOnlyHint\":true},\"inputSchema\":{\"type\":\"object\"}},"
			+ "{\"name\":\"secret\",\"inputSchema\":{}}]}}";

	private final ReactiveStringRedisTemplate redis = mock(ReactiveStringRedisTemplate.class);

	private final ToolListResponse.Parts parts;

	ToolListResponseTests() {
		PolicySettings policy = new PolicySettings(List.of(), List.of(),
				Map.of("get_*", List.of("p:read"), "secret", List.of("admin:write")), false, "api_test_mode",
				DataSize.ofMegabytes(1), List.of(), DataSize.ofMegabytes(8));
		JsonMapper json = JsonMapper.builder().build();
		this.parts = new ToolListResponse.Parts(new ToolListRewriter(json, new ToolRules(policy), "api_test_mode"),
				new ToolHints(redis, true), null, new ErrorResponder(json), Schedulers.immediate(), 1024);
	}

	private static ToolListRewriter.Request request(String id) {
		return new ToolListRewriter.Request(OAUTH, "http://b/mcp", List.of(id), false, id);
	}

	private static DataBuffer buffer(byte[] bytes) {
		return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
	}

	@Test
	void installThenTheRequestAsksForNoCompression() {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.post("/mcp").header(HttpHeaders.ACCEPT_ENCODING, "gzip"));
		ServerWebExchange installed = ToolListResponse.install(exchange, parts, request("7"));
		assertThat(installed.getRequest().getHeaders().containsHeader(HttpHeaders.ACCEPT_ENCODING)).isFalse();
		assertThat(installed.getResponse()).isInstanceOf(ToolListResponse.class);
	}

	@Test
	void writeWithWhenJsonThenFilteredForTheCallerWithWhatTheBackendSaidLearnedFirst() {
		when(redis.execute(any(RedisScript.class), anyList(), anyList())).thenReturn(Flux.just(List.of("1", "0")));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/mcp"));
		ToolListResponse response = new ToolListResponse(exchange, parts, request("7"));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.writeWith(Mono.just(buffer(TOOLS.getBytes(StandardCharsets.UTF_8)))).block();
		verify(redis).execute(any(RedisScript.class), eq(List.of(ToolHints.hash("http://b/mcp"))),
				eq(List.of("get_a", "1", "secret", "0")));
		assertThat(exchange.getResponse().getBodyAsString().block())
			.as("only the tool the caller may call; learned read-only, so the argument is optional")
			.contains("\"get_a\"").doesNotContain("secret").contains("Defaults to live data.")
			.doesNotContain("\"required\"");
	}

	@Test
	void writeWithWhenCompressedThen502WithTheRequestsIdAndNoneOfTheAnswer() throws Exception {
		ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
		try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
			gzip.write(TOOLS.getBytes(StandardCharsets.UTF_8));
		}
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/mcp"));
		ToolListResponse response = new ToolListResponse(exchange, parts, request("\"list-1\""));
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		response.getHeaders().set(HttpHeaders.CONTENT_ENCODING, "gzip");
		response.writeWith(Mono.just(buffer(gzipped.toByteArray()))).block();
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.BAD_GATEWAY);
		assertThat(exchange.getResponse().getHeaders().containsHeader(HttpHeaders.CONTENT_ENCODING)).isFalse();
		assertThat(exchange.getResponse().getBodyAsString().block()).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"list-1\","
				+ "\"error\":{\"code\":-32603,\"message\":\"Internal error: the edge could not read the server's tools/list answer\"}}");
	}

	@Test
	void writeAndFlushWithWhenSseThenTheToolListEventRewrittenAndOthersKept() {
		when(redis.execute(any(RedisScript.class), anyList(), anyList())).thenReturn(Flux.just(List.of("1", "0")));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/mcp"));
		ToolListResponse response = new ToolListResponse(exchange, parts, request("7"));
		response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
		String progress = "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n";
		response.writeAndFlushWith(Flux.just(Flux.just(buffer(progress.getBytes(StandardCharsets.UTF_8))),
				Flux.just(buffer(("id: 2\ndata: " + TOOLS + "\n\n").getBytes(StandardCharsets.UTF_8))))).block();
		String events = exchange.getResponse().getBodyAsString().block();
		assertThat(events).startsWith(progress + "id: 2\ndata: {").endsWith("\n\n").contains("\"get_a\"").doesNotContain("secret");
	}
}
