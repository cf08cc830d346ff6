package dev.mcpedge.sessions;

import java.util.List;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.logs.RepeatedWarning;
import dev.mcpedge.pipeline.FilterOrder;
import dev.mcpedge.pipeline.StepFactory;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Binds each {@code Mcp-Session-Id} (2025 protocol versions) to the identity that opened it.
 * <p>
 * A request without the header goes on untouched (no Redis command); when the backend's answer opens a
 * session, the session is bound to the caller before the answer reaches the client. A request with the
 * header costs one Redis command (or none, when the owner is cached): the owner goes on, anyone else
 * gets 404 and the backend sees nothing. A session the edge does not know is also answered 404, the
 * answer the specification tells clients to handle by starting a new session: possession of a session
 * id is never enough. Redis unreachable: 503. The owner's {@code DELETE} (or the backend's 404 for the
 * session) forgets it. Runs after {@code McpAuth} and {@code McpPolicy}, so that errors carry the
 * request's JSON-RPC id. YAML name: {@code McpSession}.
 */
public class McpSessionGatewayFilterFactory extends StepFactory {

	/** The session header of the 2025 protocol versions. */
	public static final String SESSION_HEADER = "Mcp-Session-Id";

	private static final Log logger = LogFactory.getLog(McpSessionGatewayFilterFactory.class);

	/** Stands for a failed lookup; compared by identity, never equal to a stored owner's. */
	@SuppressWarnings("StringOperationCanBeSimplified")
	private static final Optional<String> UNREACHABLE = Optional.of(new String("(unreachable)"));

	private final SessionBindings bindings;

	private final ErrorResponder errors;

	private final boolean enabled;

	// met by every session opened or ended while Redis is down: a line every 10 s, not per request
	private final RepeatedWarning notBound = new RepeatedWarning(logger);

	private final RepeatedWarning notForgotten = new RepeatedWarning(logger);

	public McpSessionGatewayFilterFactory(SessionBindings bindings, ErrorResponder errors, boolean enabled) {
		super("McpSession", FilterOrder.SESSION);
		this.bindings = bindings;
		this.errors = errors;
		this.enabled = enabled;
	}

	@Override
	protected Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		EdgeIdentity identity = exchange.getAttribute(EdgeIdentity.ATTRIBUTE);
		if (!enabled || identity == null) {
			return chain.filter(exchange);
		}
		String owner = SessionOwner.of(identity);
		List<String> presented = exchange.getRequest().getHeaders().getValuesAsList(SESSION_HEADER);
		if (presented.isEmpty()) {
			exchange.getResponse().beforeCommit(() -> bindOpened(exchange, owner));
			return chain.filter(exchange);
		}
		if (presented.size() > 1) {
			return errors.write(exchange, EdgeErrors.invalidRequest("more than one " + SESSION_HEADER));
		}
		String sessionId = presented.get(0);
		return bindings.owner(sessionId)
			.onErrorResume(ex -> {
				// DEBUG, not a WARN per request: the key store already warns once per Redis outage
				if (logger.isDebugEnabled()) {
					logger.debug(exchange.getLogPrefix() + "Session store (Redis) unreachable; answering 503: " + ex);
				}
				return Mono.just(UNREACHABLE);
			})
			.flatMap(found -> {
				if (found == UNREACHABLE) {
					return errors.write(exchange, EdgeErrors.sessionStoreUnavailable());
				}
				if (found.isEmpty() || !found.get().equals(owner)) {
					if (logger.isDebugEnabled()) {
						logger.debug(exchange.getLogPrefix() + "Session " + (found.isEmpty() ? "unknown" : "of another identity")
								+ "; answering 404");
					}
					return errors.write(exchange, EdgeErrors.sessionNotFound(exchange.getAttribute(EdgeErrors.JSON_RPC_ID_ATTRIBUTE)));
				}
				exchange.getResponse().beforeCommit(() -> forgetEnded(exchange, sessionId));
				return chain.filter(exchange);
			});
	}

	/** Binds the session the backend's answer opened, before the client can use it. */
	private Mono<Void> bindOpened(ServerWebExchange exchange, String owner) {
		ServerHttpResponse response = exchange.getResponse();
		String opened = response.getHeaders().getFirst(SESSION_HEADER);
		HttpStatusCode status = response.getStatusCode();
		if (opened == null || status == null || !status.is2xxSuccessful()) {
			return Mono.empty();
		}
		return bindings.bind(opened, owner).doOnNext(bound -> {
			if (!bound) {
				logger.warn(exchange.getLogPrefix() + "The backend opened a session id it had already given out; "
						+ "it stays with its first owner");
			}
		}).onErrorResume(ex -> {
			// the client's next request with it gets 404 (or 503) and starts a new session
			notBound.warn(() -> exchange.getLogPrefix() + "Could not bind a new session to its owner: " + ex);
			return Mono.empty();
		}).then();
	}

	/** Forgets a session its owner deleted, or that the backend no longer knows. */
	private Mono<Void> forgetEnded(ServerWebExchange exchange, String sessionId) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		boolean deleted = exchange.getRequest().getMethod() == HttpMethod.DELETE && status != null
				&& status.is2xxSuccessful();
		if (!deleted && !HttpStatus.NOT_FOUND.isSameCodeAs(status == null ? HttpStatus.OK : status)) {
			return Mono.empty();
		}
		return bindings.forget(sessionId).onErrorResume(ex -> {
			notForgotten.warn(() -> exchange.getLogPrefix() + "Could not forget an ended session: " + ex);
			return Mono.empty();
		});
	}
}
