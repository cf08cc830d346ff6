package dev.mcpedge.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;

import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds the path firewall with its one-pass check of plain paths to the decisions of the firewall
 * before it (the edge's own rules, then Spring Security's strict firewall for every request) over a
 * large generated corpus of paths and methods: the same requests pass, the same are refused with the
 * same answer.
 */
class PlainPathDifferentialTests {

	/** Pieces of paths: plain characters, every character the strict rules name, raw and encoded. */
	private static final String[] PIECES = { "/", "/", "/", "a", "mcp", "Z9", ".", "..", "...", ".a", "a.", "%2e",
			"%2E", "%2f", "%2F", "%25", "%252f", "%3b", "%3B", ";", "\\", "%5c", "%5C", "%00", "\0", "%0a", "%0A",
			"%0d", "%0D", "\n", "\r", "%20", " ", "%41", "%7e", "%7E", "~", "-", "_", ":", "@", "!", "$", "&", "'",
			"(", ")", "*", "+", ",", "=", "//", "%", "%4", "%zz", "\u00e9", "%C3%A9", "\u2028", "%E2%80%A8", "\t",
			"?", "#", "|", "{", "}", "<", ">", "\"", "^", "`", "[", "]", "\u007f", "%7f", "%09", "%3A", "%40" };

	private static final HttpMethod[] METHODS = { HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE,
			HttpMethod.PATCH, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.valueOf("CONNECT"),
			HttpMethod.valueOf("FOO"), HttpMethod.valueOf("get") };

	private final ErrorResponder errors = new ErrorResponder(JsonMapper.builder().build());

	private final PathFirewallWebFilter firewall = new PathFirewallWebFilter(errors);

	/** The path firewall as it was: the edge's own rules, then the strict firewall on every request. */
	private final WebFilter before = new WebFilter() {

		private final StrictServerWebExchangeFirewall strict = new StrictServerWebExchangeFirewall();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, org.springframework.web.server.WebFilterChain chain) {
			String ambiguity = PathFirewallWebFilter.ambiguity(exchange.getRequest().getURI().getRawPath());
			if (ambiguity != null) {
				return refuse(exchange, ambiguity);
			}
			return strict.getFirewalledExchange(exchange)
				.flatMap(checked -> chain.filter(exchange))
				.onErrorResume(ServerExchangeRejectedException.class, rejected -> refuse(exchange, rejected.getMessage()));
		}

		private Mono<Void> refuse(ServerWebExchange exchange, String reason) {
			return errors.write(exchange, EdgeErrors.invalidRequest("request refused by the path firewall: " + reason));
		}
	};

	@Test
	void generatedPathsAndMethodsThenSameDecisionsAsTheStrictFirewall() {
		Random random = new Random(16);
		List<String> paths = new ArrayList<>();
		for (int i = 0; i < 120_000; i++) {
			StringBuilder path = new StringBuilder(random.nextInt(8) == 0 ? "" : "/");
			int pieces = 1 + random.nextInt(7);
			for (int p = 0; p < pieces; p++) {
				// plain pieces most of the time, so that many paths pass and the rest differ in one place
				path.append(random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)] : PIECES[random.nextInt(6)]);
			}
			paths.add(path.toString());
		}
		int compared = 0;
		int passed = 0;
		int plain = 0;
		for (int i = 0; i < paths.size(); i++) {
			URI uri = uri(paths.get(i));
			if (uri == null) {
				continue; // Reactor Netty refuses such a request line before any filter
			}
			HttpMethod method = i % 4 == 0 ? METHODS[random.nextInt(METHODS.length)] : HttpMethod.POST;
			Outcome expected = outcome(before, method, uri);
			Outcome actual = outcome(firewall, method, uri);
			assertThat(actual).as("%s %s", method, uri.getRawPath()).isEqualTo(expected);
			compared++;
			passed += expected.passed() ? 1 : 0;
			plain += PlainPath.accepted(method, uri.getRawPath(), uri.getRawPath()) ? 1 : 0;
		}
		assertThat(compared).isGreaterThan(80_000);
		assertThat(passed).isGreaterThan(compared / 5);
		assertThat(compared - passed).isGreaterThan(compared / 5);
		assertThat(plain).isGreaterThan(compared / 10);
	}

	@Test
	void plainPathAcceptedThenResponseHeaderWithLineBreakStillFails() {
		for (String path : new String[] { "/api/mcp", "/files/a%20b" }) {
			MockServerWebExchange exchange = MockServerWebExchange
				.from(MockServerHttpRequest.method(HttpMethod.POST, URI.create("http://localhost" + path)));
			firewall.filter(exchange, checked -> {
				checked.getResponse().getHeaders().set("X-Injected", "a\r\nSet-Cookie: b");
				return checked.getResponse().setComplete();
			}).onErrorResume(IllegalArgumentException.class, error -> {
				assertThat(error).hasMessage("Invalid characters (CR/LF) in header X-Injected");
				exchange.getAttributes().put("failed", true);
				return Mono.empty();
			}).block();
			assertThat(exchange.getAttributes()).as(path).containsKey("failed");
		}
	}

	@Test
	void plainPathAcceptedThenResponseHeadersWithoutLineBreakCommitted() {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/mcp"));
		firewall.filter(exchange, checked -> {
			checked.getResponse().getHeaders().set("X-Plain", "value");
			return checked.getResponse().setComplete();
		}).block();
		assertThat(exchange.getResponse().isCommitted()).isTrue();
		assertThat(exchange.getResponse().getHeaders().getFirst("X-Plain")).isEqualTo("value");
	}

	private static URI uri(String path) {
		try {
			return new URI("http://localhost" + path);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static Outcome outcome(WebFilter filter, HttpMethod method, URI uri) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.method(method, uri));
		AtomicBoolean passed = new AtomicBoolean();
		filter.filter(exchange, checked -> {
			passed.set(true);
			return Mono.empty();
		}).block();
		String body = passed.get() ? "" : exchange.getResponse().getBodyAsString().block();
		return new Outcome(passed.get(), String.valueOf(exchange.getResponse().getStatusCode()), body);
	}

	private record Outcome(boolean passed, String status, String body) {
	}
}
