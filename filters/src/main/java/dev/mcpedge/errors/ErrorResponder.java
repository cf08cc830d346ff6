package dev.mcpedge.errors;

import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * Writes an {@link EdgeError} as the response: the one place that renders error responses, header and
 * body. It leaves the error on the exchange ({@link #answered}), so that later readers (the audit
 * record) learn what the caller was told without this package knowing them.
 */
public final class ErrorResponder {

	private static final Log logger = LogFactory.getLog(ErrorResponder.class);

	/** Exchange attribute holding the error the edge answered the exchange with. */
	private static final String ANSWERED_ATTRIBUTE = ErrorResponder.class.getName() + ".answered";

	private final JsonMapper json;

	public ErrorResponder(JsonMapper json) {
		this.json = json;
	}

	/** The error the edge answered this exchange with (as response or as SSE event), or {@code null}. */
	public static @Nullable EdgeError answered(ServerWebExchange exchange) {
		return exchange.getAttribute(ANSWERED_ATTRIBUTE);
	}

	/** Ends the exchange with the error; does nothing but log when the response is already committed. */
	public Mono<Void> write(ServerWebExchange exchange, EdgeError error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			logger.debug("Response already committed; cannot send " + error.status());
			return Mono.empty();
		}
		exchange.getAttributes().put(ANSWERED_ATTRIBUTE, error);
		response.setStatusCode(error.status());
		HttpHeaders headers = response.getHeaders();
		headers.remove(HttpHeaders.CONTENT_ENCODING); // a backend's, when its answer is replaced
		headers.remove(HttpHeaders.TRANSFER_ENCODING);
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setCacheControl("no-store");
		if (error.challenge() != null) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, ChallengeHeader.value(error.challenge()));
		}
		if (error.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		byte[] body = body(error);
		headers.setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * The error as one SSE {@code message} event, for a stream whose status and first events were
	 * already sent: the same JSON body {@link #write} would have sent.
	 */
	public byte[] event(ServerWebExchange exchange, EdgeError error) {
		exchange.getAttributes().put(ANSWERED_ATTRIBUTE, error);
		String body = new String(body(error), StandardCharsets.UTF_8);
		return ("event: message\ndata: " + body + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private byte[] body(EdgeError error) {
		return json.writeValueAsBytes(ErrorBodies.of(error));
	}
}
