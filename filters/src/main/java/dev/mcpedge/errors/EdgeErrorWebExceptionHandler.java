package dev.mcpedge.errors;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.function.Predicate;

import io.lettuce.core.RedisException;
import io.netty.channel.ConnectTimeoutException;
import dev.mcpedge.logs.RepeatedWarning;
import dev.mcpedge.redis.RedisRefusals;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.core.Ordered;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns exceptions that reach the web layer into JSON errors through {@link ErrorResponder}, so no
 * answer of the edge carries an HTML page or a stack trace. Runs before Spring Boot's default handler,
 * but answers only the exchanges in its scope and an {@link EdgeErrorException} (always the edge's);
 * any other error is left to the next handler, so a host application keeps its own error answers.
 */
public final class EdgeErrorWebExceptionHandler implements WebExceptionHandler, Ordered {

	private static final Log logger = LogFactory.getLog(EdgeErrorWebExceptionHandler.class);

	// every request meets these while the backend or Redis is down: a line per kind every 10 s, not per request
	private final RepeatedWarning backendTooSlow = new RepeatedWarning(logger);

	private final RepeatedWarning keyStoreUnavailable = new RepeatedWarning(logger);

	private final RepeatedWarning backendUnreachable = new RepeatedWarning(logger);

	private final RepeatedWarning backendClosedConnection = new RepeatedWarning(logger);

	private final ErrorResponder responder;

	private final Predicate<ServerWebExchange> scope;

	/** A handler answering the errors of the exchanges {@code scope} accepts. */
	public EdgeErrorWebExceptionHandler(ErrorResponder responder, Predicate<ServerWebExchange> scope) {
		this.responder = responder;
		this.scope = scope;
	}

	/** The library's handler: the errors of exchanges a step of the edge claimed ({@link EdgeExchanges}). */
	public static EdgeErrorWebExceptionHandler forEdgeExchanges(ErrorResponder responder) {
		return new EdgeErrorWebExceptionHandler(responder, EdgeExchanges::claimed);
	}

	/** A handler for an application that serves nothing but the edge: every error, unknown paths included. */
	public static EdgeErrorWebExceptionHandler forEveryExchange(ErrorResponder responder) {
		return new EdgeErrorWebExceptionHandler(responder, exchange -> true);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		if (!(ex instanceof EdgeErrorException) && !scope.test(exchange)) {
			return Mono.error(ex);
		}
		if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
			// nobody to answer, and any client can cause it (closing mid-body, a request read timeout)
			if (logger.isDebugEnabled()) {
				logger.debug("Client went away during request " + exchange.getLogPrefix() + ": " + ex);
			}
			return Mono.empty();
		}
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(ex);
		}
		return responder.write(exchange, toError(exchange, ex));
	}

	private EdgeError toError(ServerWebExchange exchange, Throwable ex) {
		if (ex instanceof EdgeErrorException edge) {
			return edge.error();
		}
		String jsonRpcId = exchange.getAttribute(EdgeErrors.JSON_RPC_ID_ATTRIBUTE);
		if (ex instanceof ResponseStatusException status) {
			if (status.getStatusCode().value() == 504) {
				backendTooSlow.warn(() -> "Backend too slow for request " + exchange.getLogPrefix() + ": " + status.getReason());
				return EdgeErrors.backendTimeout(jsonRpcId);
			}
			if (status.getStatusCode().value() == 404) {
				return EdgeErrors.notFound("nothing at " + exchange.getRequest().getPath().value());
			}
			String reason = status.getStatusCode().is5xxServerError() ? null : status.getReason();
			return EdgeErrors.ofStatus(status.getStatusCode(), reason);
		}
		// Spring Data wraps what Redis answered: "not now" (CLUSTERDOWN, READONLY, ...) is 503, an error in the command 500
		if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof RedisException || RedisRefusals.temporary(ex)) {
			keyStoreUnavailable.warn(() -> "Key store unavailable for request " + exchange.getLogPrefix() + ": " + ex.getMessage());
			return EdgeErrors.credentialStoreUnavailable();
		}
		if (ex instanceof ConnectException || ex instanceof ConnectTimeoutException || ex instanceof UnknownHostException) {
			backendUnreachable.warn(() -> "Backend unreachable for request " + exchange.getLogPrefix() + ": " + ex.getMessage());
			return EdgeErrors.backendUnavailable(jsonRpcId);
		}
		if (ex instanceof PrematureCloseException) {
			backendClosedConnection.warn(() -> "Backend closed the connection without answering request "
					+ exchange.getLogPrefix() + ": " + ex.getMessage());
			return EdgeErrors.backendClosedConnection(jsonRpcId);
		}
		logger.error("Unexpected error for request " + exchange.getLogPrefix(), ex);
		return EdgeErrors.ofStatus(HttpStatus.INTERNAL_SERVER_ERROR, null);
	}

	@Override
	public int getOrder() {
		return -2;
	}
}
