package dev.mcpedge.errors;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a caller receives for each form of error the responder renders: status, {@code WWW-Authenticate},
 * {@code Retry-After} and the exact body; and the audit reason it leaves on the exchange.
 */
class ErrorResponderTests {

	private static final BearerChallenge REALM = BearerChallenge.realm("mcp-edge");

	private static final BearerChallenge METADATA = BearerChallenge
		.resourceMetadata("https://a.example/.well-known/oauth-protected-resource/mcp");

	private final ErrorResponder responder = new ErrorResponder(JsonMapper.builder().build());

	private final MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/api/mcp"));

	private MockServerHttpResponse write(EdgeError error) {
		responder.write(exchange, error).block(Duration.ofSeconds(5));
		return exchange.getResponse();
	}

	private static String body(MockServerHttpResponse response) {
		return response.getBodyAsString().block(Duration.ofSeconds(5));
	}

	private String reason() {
		return ErrorResponder.answered(exchange).auditReason();
	}

	@Test
	void writeWhenNoCredentialThenChallengeOnlyAndErrorCode() {
		MockServerHttpResponse response = write(EdgeErrors.missingCredential(METADATA));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer resource_metadata=\"https://a.example/.well-known/oauth-protected-resource/mcp\"");
		assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(response.getHeaders().getCacheControl()).isEqualTo("no-store");
		assertThat(response.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
		assertThat(body(response)).isEqualTo("{\"error\":\"unauthorized\"}");
		assertThat(reason()).isEqualTo("unauthorized");
	}

	@Test
	void writeWhenInvalidTokenThenErrorAndDescriptionQuotedAndEscapedInTheChallenge() {
		MockServerHttpResponse response = write(EdgeErrors.invalidToken(REALM, "bad \"key\" \\ here"));
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer realm=\"mcp-edge\", error=\"invalid_token\", error_description=\"bad \\\"key\\\" \\\\ here\"");
		assertThat(body(response)).isEqualTo("{\"error\":\"unauthorized\",\"error_description\":\"bad \\\"key\\\" \\\\ here\"}");
		assertThat(reason()).isEqualTo("bad \"key\" \\ here");
	}

	@Test
	void writeWhenInsufficientScopeThenErrorAndScopesFirstInTheChallengeAndDetailInTheBody() {
		MockServerHttpResponse response = write(
				EdgeErrors.insufficientScope(METADATA, List.of("payments:read", "refunds:write"), "refund"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
			.isEqualTo("Bearer error=\"insufficient_scope\", scope=\"payments:read refunds:write\", "
					+ "resource_metadata=\"https://a.example/.well-known/oauth-protected-resource/mcp\"");
		assertThat(body(response)).isEqualTo("{\"detail\":\"Access denied\",\"error\":\"insufficient_scope\","
				+ "\"scope\":\"payments:read refunds:write\","
				+ "\"error_description\":\"tool refund needs the scopes: payments:read refunds:write\"}");
		assertThat(reason()).isEqualTo("tool refund needs the scopes: payments:read refunds:write");
	}

	@Test
	void writeWhenAccessDeniedThenDetailOnlyAndItIsTheReason() {
		MockServerHttpResponse response = write(EdgeErrors.accessDenied());
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
		assertThat(response.getHeaders().containsHeader(HttpHeaders.WWW_AUTHENTICATE)).isFalse();
		assertThat(body(response)).isEqualTo("{\"detail\":\"Access denied\"}");
		assertThat(reason()).isEqualTo("Access denied");
	}

	@Test
	void writeWhenRateLimitedThenRetryAfterInWholeSeconds() {
		MockServerHttpResponse response = write(EdgeErrors.rateLimited(0));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
		assertThat(body(response))
			.isEqualTo("{\"error\":\"rate_limited\",\"error_description\":\"too many requests; retry after 1 s\"}");
		assertThat(reason()).isEqualTo("too many requests; retry after 1 s");
	}

	@Test
	void writeWhenJsonRpcErrorThenTheRequestsIdAsItWasSentAndTheMessageAsReason() {
		MockServerHttpResponse response = write(EdgeErrors.backendUnavailable("\"req-7\"", Duration.ofSeconds(5)));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(body(response)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":\"req-7\",\"error\":{\"code\":-32000,"
				+ "\"message\":\"The MCP server is unavailable; try again shortly\"}}");
		assertThat(reason()).isEqualTo("The MCP server is unavailable; try again shortly");
	}

	@Test
	void writeWhenJsonRpcErrorWithoutIdThenIdNull() {
		MockServerHttpResponse response = write(EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST, null, -32700, "Parse error"));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(body(response)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
	}

	@Test
	void writeWhenToolErrorThen200WithIsErrorAndTheTextAsReason() {
		MockServerHttpResponse response = write(EdgeErrors.toolError("3", "Pass api_test_mode.", true));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(body(response)).isEqualTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"type\":\"text\","
				+ "\"text\":\"Pass api_test_mode.\"}],\"isError\":true,\"resultType\":\"complete\"}}");
		assertThat(reason()).isEqualTo("Pass api_test_mode.");
	}

	@Test
	void writeWhenBatchThenOneAnswerPerMessageInOrder() {
		MockServerHttpResponse response = write(
				EdgeErrors.batch(List.of(EdgeErrors.toolError("1", "refused", false), EdgeErrors.notSentWithBatch("2"))));
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(body(response)).isEqualTo("[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\","
				+ "\"text\":\"refused\"}],\"isError\":true}},{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32000,"
				+ "\"message\":\"Not sent: another message of this batch was refused; send them again without it\"}}]");
		assertThat(reason()).isEqualTo("a message of the batch was refused");
	}

	@Test
	void batchWhenAnAnswerIsNotAJsonRpcResponseThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> EdgeErrors.batch(List.of(EdgeErrors.accessDenied())));
	}

	@Test
	void writeWhenBackendAnswerWasEncodedThenItsEncodingIsDropped() {
		exchange.getResponse().getHeaders().set(HttpHeaders.CONTENT_ENCODING, "gzip");
		MockServerHttpResponse response = write(EdgeErrors.toolListUnreadable("4", HttpStatus.BAD_GATEWAY));
		assertThat(response.getHeaders().containsHeader(HttpHeaders.CONTENT_ENCODING)).isFalse();
		assertThat(response.getHeaders().getContentLength()).isEqualTo(body(response).getBytes(StandardCharsets.UTF_8).length);
	}

	@Test
	void writeWhenResponseCommittedThenNothingWrittenAndNothingAnswered() {
		exchange.getResponse().setComplete().block(Duration.ofSeconds(5));
		write(EdgeErrors.accessDenied());
		assertThat(exchange.getResponse().getStatusCode()).isNotEqualTo(HttpStatus.FORBIDDEN);
		assertThat(ErrorResponder.answered(exchange)).isNull();
	}

	@Test
	void eventWhenStreamStartedThenTheSameBodyAsOneMessageEvent() {
		byte[] event = responder.event(exchange, EdgeErrors.toolListUnreadable("5", HttpStatus.BAD_GATEWAY));
		assertThat(new String(event, StandardCharsets.UTF_8)).isEqualTo("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,"
				+ "\"error\":{\"code\":-32603,\"message\":\"Internal error: the edge could not read the server's tools/list answer\"}}\n\n");
		assertThat(reason()).isEqualTo("Internal error: the edge could not read the server's tools/list answer");
	}
}
