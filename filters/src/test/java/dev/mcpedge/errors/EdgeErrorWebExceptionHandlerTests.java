package dev.mcpedge.errors;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The library's error handler answers the edge's exchanges only: another exchange's error goes on to
 * the host's handlers untouched; an exchange the edge claimed, or an error of the edge's own, is answered
 * in JSON.
 */
class EdgeErrorWebExceptionHandlerTests {

	private final ErrorResponder responder = new ErrorResponder(JsonMapper.builder().build());

	private final EdgeErrorWebExceptionHandler forEdgeExchanges = EdgeErrorWebExceptionHandler.forEdgeExchanges(responder);

	private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/orders"));

	@Test
	void handleWhenExchangeNotTheEdgesThenErrorLeftToTheNextHandler() {
		ResponseStatusException hostError = new ResponseStatusException(HttpStatus.CONFLICT, "the host's");
		assertThatThrownBy(() -> forEdgeExchanges.handle(exchange, hostError)
			.block(Duration.ofSeconds(5))).isSameAs(hostError);
		assertThat(exchange.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.CONFLICT);
		assertThat(ErrorResponder.answered(exchange)).isNull();
	}

	@Test
	void handleWhenExchangeClaimedByTheEdgeThenJsonError() {
		EdgeExchanges.claim(exchange);
		assertAnswer(forEdgeExchanges, new ResponseStatusException(HttpStatus.CONFLICT, "taken"), HttpStatus.CONFLICT,
				"{\"error\":\"conflict\",\"error_description\":\"taken\"}");
	}

	@Test
	void handleWhenTheEdgesOwnErrorThenAnsweredOnAnyExchange() {
		assertAnswer(forEdgeExchanges, new EdgeErrorException(EdgeErrors.notFound("no key with id key_1")), HttpStatus.NOT_FOUND,
				"{\"error\":\"not_found\",\"error_description\":\"no key with id key_1\"}");
	}

	@Test
	void handleWhenForEveryExchangeThenUnknownPathsAnsweredToo() {
		assertAnswer(EdgeErrorWebExceptionHandler.forEveryExchange(responder), new ResponseStatusException(HttpStatus.NOT_FOUND),
				HttpStatus.NOT_FOUND, "{\"error\":\"not_found\",\"error_description\":\"nothing at /orders\"}");
	}

	/** Asserts what {@code handler} answers to {@code error}: the status and the JSON body. */
	private void assertAnswer(EdgeErrorWebExceptionHandler handler, Throwable error, HttpStatus status, String body) {
		handler.handle(exchange, error).block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(status);
		assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5))).isEqualTo(body);
	}
}
