package dev.mcpedge.errors;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.audit.AuditRecord;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/** Writes an {@link EdgeError} as the response: the one place that renders error responses. */
public final class ErrorResponder {

	private static final Log logger = LogFactory.getLog(ErrorResponder.class);

	private final JsonMapper json;

	public ErrorResponder(JsonMapper json) {
		this.json = json;
	}

	/** Ends the exchange with the error; does nothing but log when the response is already committed. */
	public Mono<Void> write(ServerWebExchange exchange, EdgeError error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			logger.debug("Response already committed; cannot send " + error.status());
			return Mono.empty();
		}
		AuditRecord record = AuditRecord.of(exchange);
		if (record != null) {
			record.refused(reason(error));
		}
		response.setStatusCode(error.status());
		HttpHeaders headers = response.getHeaders();
		headers.remove(HttpHeaders.CONTENT_ENCODING); // a backend's, when its answer is replaced
		headers.remove(HttpHeaders.TRANSFER_ENCODING);
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setCacheControl("no-store");
		if (error.wwwAuthenticate() != null) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, error.wwwAuthenticate());
		}
		if (error.retryAfter() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		byte[] body = render(error.body());
		headers.setContentLength(body.length);
		DataBuffer buffer = response.bufferFactory().wrap(body);
		return response.writeWith(Mono.just(buffer));
	}

	/**
	 * The error as one SSE {@code message} event, for a stream whose status and first events were
	 * already sent: the same JSON body {@link #write} would have sent.
	 */
	public byte[] event(ServerWebExchange exchange, EdgeError error) {
		AuditRecord record = AuditRecord.of(exchange);
		if (record != null) {
			record.refused(reason(error));
		}
		String body = new String(render(error.body()), StandardCharsets.UTF_8);
		return ("event: message\ndata: " + body + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	/** What the caller was told, for the audit record. */
	private static String reason(EdgeError error) {
		if (error.body() instanceof List<?>) {
			return "a message of the batch was refused";
		}
		if (error.body() instanceof Map<?, ?> body) {
			for (String member : new String[] { "error_description", "detail" }) {
				if (body.get(member) instanceof String text) {
					return text;
				}
			}
			if (body.get("error") instanceof Map<?, ?> rpc && rpc.get("message") instanceof String message) {
				return message;
			}
			if (body.get("error") instanceof String code) {
				return code;
			}
			if (body.get("result") instanceof Map<?, ?> result && result.get("content") instanceof List<?> content
					&& !content.isEmpty() && content.get(0) instanceof Map<?, ?> first && first.get("text") instanceof String text) {
				return text;
			}
		}
		return Integer.toString(error.status().value());
	}

	private byte[] render(Object body) {
		return json.writeValueAsBytes(body);
	}
}
