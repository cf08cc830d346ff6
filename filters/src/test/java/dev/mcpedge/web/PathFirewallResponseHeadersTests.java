package dev.mcpedge.web;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.ErrorResponder;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path firewall on a real Reactor Netty server: a response header with a line break fails the
 * response (500, the header never sent) whether the path passed as a plain path or through the strict
 * firewall, and a response without one is sent as it is. (Reactor Netty's headers refuse such a value
 * already when it is set; {@link ResponseHeaderLineBreaksTests} checks the scan on headers that take
 * it.)
 */
class PathFirewallResponseHeadersTests {

	private static DisposableServer server;

	@BeforeAll
	static void start() {
		HttpHandler handler = WebHttpHandlerBuilder.webHandler(exchange -> {
			String value = exchange.getRequest().getHeaders().getFirst("X-Value");
			exchange.getResponse().getHeaders().set("X-Echo", value.replace("\\n", "\n").replace("\\r", "\r"));
			exchange.getResponse().getHeaders().add("X-Echo", "second");
			return exchange.getResponse().setComplete();
		}).filter(new PathFirewallWebFilter(new ErrorResponder(JsonMapper.builder().build()))).build();
		server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
	}

	@AfterAll
	static void stop() {
		server.disposeNow();
	}

	@Test
	void responseHeaderWithLineBreakThenFailedOnPlainAndOtherPaths() {
		for (String path : List.of("/api/mcp", "/files/a%20b")) {
			for (String value : List.of("a\\r\\nSet-Cookie: b", "a\\nb", "a\\rb")) {
				Answer answer = get(path, value);
				assertThat(answer.status()).as("%s %s", path, value).isEqualTo(500);
				assertThat(answer.echo()).as("%s %s", path, value).isEmpty();
			}
		}
	}

	@Test
	void responseHeadersWithoutLineBreakThenSent() {
		for (String path : List.of("/api/mcp", "/files/a%20b")) {
			Answer answer = get(path, "plain value");
			assertThat(answer.status()).as(path).isEqualTo(200);
			assertThat(answer.echo()).as(path).containsExactly("plain value", "second");
		}
	}

	private static Answer get(String path, String value) {
		return HttpClient.create()
			.headers(headers -> headers.set("X-Value", value))
			.get()
			.uri("http://127.0.0.1:" + server.port() + path)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map(text -> new Answer(response.status().code(), response.responseHeaders().getAll("X-Echo"))))
			.switchIfEmpty(Mono.error(new IllegalStateException("no answer")))
			.block();
	}

	private record Answer(int status, List<String> echo) {
	}
}
