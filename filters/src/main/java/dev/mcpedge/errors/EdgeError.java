package dev.mcpedge.errors;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.jspecify.annotations.Nullable;

/**
 * An answer the edge gives itself instead of the backend's, as typed values. Created only through
 * {@link EdgeErrors}; rendered only by {@link ErrorResponder}, which turns the challenge into
 * {@code WWW-Authenticate} and the body form into JSON.
 *
 * @param status HTTP status
 * @param code the {@code error} member of a plain JSON body (e.g. {@code unauthorized}), or {@code null}
 * @param description what the caller is told in words: the {@code error_description} of a plain JSON
 * body, the message of a JSON-RPC error, the text of a tool error; or {@code null}
 * @param auditReason what the caller was told, for the audit record
 * @param challenge the {@code WWW-Authenticate} challenge, or {@code null}
 * @param retryAfter value of {@code Retry-After}, or {@code null}
 * @param body the form of the body
 */
public record EdgeError(HttpStatus status, @Nullable String code, @Nullable String description, String auditReason,
		@Nullable Challenge challenge, @Nullable Duration retryAfter, ErrorBody body) {
}
