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

	private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/orders"));

	@Test
	void handleWhenExchangeNotTheEdgesThenErrorLeftToTheNextHandler() {
		ResponseStatusException hostError = new ResponseStatusException(HttpStatus.CONFLICT, "the host's");
		assertThatThrownBy(() -> EdgeErrorWebExceptionHandler.forEdgeExchanges(responder).handle(exchange, hostError)
			.block(Duration.ofSeconds(5))).isSameAs(hostError);
		assertThat(exchange.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.CONFLICT);
		assertThat(ErrorResponder.answered(exchange)).isNull();
	}

	@Test
	void handleWhenExchangeClaimedByTheEdgeThenJsonError() {
		EdgeExchanges.claim(exchange);
		EdgeErrorWebExceptionHandler.forEdgeExchanges(responder)
			.handle(exchange, new ResponseStatusException(HttpStatus.CONFLICT, "taken"))
			.block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
			.isEqualTo("{\"error\":\"conflict\",\"error_description\":\"taken\"}");
	}

	@Test
	void handleWhenTheEdgesOwnErrorThenAnsweredOnAnyExchange() {
		EdgeErrorWebExceptionHandler.forEdgeExchanges(responder)
			.handle(exchange, new EdgeErrorException(EdgeErrors.notFound("no key with id key_1")))
			.block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
			.isEqualTo("{\"error\":\"not_found\",\"error_description\":\"no key with id key_1\"}");
	}

	@Test
	void handleWhenForEveryExchangeThenUnknownPathsAnsweredToo() {
		EdgeErrorWebExceptionHandler.forEveryExchange(responder)
			.handle(exchange, new ResponseStatusException(HttpStatus.NOT_FOUND))
			.block(Duration.ofSeconds(5));
		assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)))
			.isEqualTo("{\"error\":\"not_found\",\"error_description\":\"nothing at /orders\"}");
	}
}
