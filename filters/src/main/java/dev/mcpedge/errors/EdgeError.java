package dev.mcpedge.errors;

import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.lang.Nullable;

/**
 * An answer the edge gives itself instead of the backend's: status, challenge and JSON body.
 * Created only through {@link EdgeErrors}; written only by {@link ErrorResponder}.
 *
 * @param status HTTP status
 * @param wwwAuthenticate value of {@code WWW-Authenticate}, or {@code null}
 * @param retryAfter value of {@code Retry-After}, or {@code null}
 * @param body the JSON body: members in order, or a list of them (a batch answer)
 */
public record EdgeError(HttpStatus status, @Nullable String wwwAuthenticate, @Nullable Duration retryAfter,
		Object body) {
}
