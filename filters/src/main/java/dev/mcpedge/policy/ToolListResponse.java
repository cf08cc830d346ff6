package dev.mcpedge.policy;

import java.util.Map;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.mcpedge.errors.EdgeError;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.errors.ErrorResponder;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * The backend's answer to a body holding {@code tools/list}, rewritten for the caller: read by
 * {@link ToolListRewriter}, what it says of each tool learned ({@link ToolHints}, and the test-mode
 * argument's {@code x-mcp-header} in {@link ToolParamHeaders}), then written for the caller. A JSON
 * answer ({@code application/json}) is read whole; an SSE answer ({@code text/event-stream}) one event
 * at a time, each sent on as soon as it is rewritten. Both are read up to {@code maxSize} bytes (the
 * answer, or one event). Reading and writing run on a scheduler off the event loop.
 * <p>
 * Owns compression: the request goes out without {@code Accept-Encoding} ({@link #install}), and an
 * answer compressed anyway is refused unread.
 * <p>
 * Fails closed: an answer the edge cannot read and rewrite (any other content type, compressed,
 * too large, too deep, malformed) never reaches the caller. In its place the caller gets the
 * JSON-RPC error {@link EdgeErrors#toolListUnreadable} with the request's id (none for a batch);
 * within an SSE stream already begun, as its last event. An empty body passes, whatever its type: it
 * lists nothing.
 */
final class ToolListResponse extends ServerHttpResponseDecorator {

	private static final Log logger = LogFactory.getLog(ToolListResponse.class);

	private static final byte[] EMPTY = new byte[0];

	/**
	 * What every rewritten answer uses.
	 *
	 * @param paramHeaders where the {@code x-mcp-header} of the test-mode argument is learned, or
	 * {@code null} when test mode is off
	 * @param scheduler where answers are read and written, off the event loop
	 * @param maxSize the most bytes of an answer, or of one event, read
	 */
	record Parts(ToolListRewriter rewriter, ToolHints hints, @Nullable ToolParamHeaders paramHeaders,
			ErrorResponder errors, Scheduler scheduler, int maxSize) {
	}

	private final ServerWebExchange exchange;

	private final Parts parts;

	private final ToolListRewriter.Request request;

	/**
	 * The exchange with its request sent out without {@code Accept-Encoding} (the answer is read and
	 * rewritten here) and its response rewritten.
	 */
	static ServerWebExchange install(ServerWebExchange exchange, Parts parts, ToolListRewriter.Request request) {
		ServerWebExchange uncompressed = exchange.mutate()
			.request(exchange.getRequest().mutate().headers(headers -> headers.remove(HttpHeaders.ACCEPT_ENCODING)).build())
			.build();
		return uncompressed.mutate().response(new ToolListResponse(uncompressed, parts, request)).build();
	}

	ToolListResponse(ServerWebExchange exchange, Parts parts, ToolListRewriter.Request request) {
		super(exchange.getResponse());
		this.exchange = exchange;
		this.parts = parts;
		this.request = request;
	}

	@Override
	public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
		HttpHeaders headers = getHeaders();
		if (is(headers.getContentType(), "text", "event-stream") && !encoded(headers)) {
			return writeAndFlushWith(Flux.from(body).map(Flux::just));
		}
		if (encoded(headers)) {
			return refuse(body, "compressed although the edge asked for no compression");
		}
		if (headers.getContentLength() > parts.maxSize()) {
			return refuse(body, "longer than " + parts.maxSize() + " bytes");
		}
		return DataBufferUtils.join(Flux.from(body), parts.maxSize())
			.map(Bodies::copyAndRelease)
			.defaultIfEmpty(EMPTY)
			.flatMap(this::rewriteWhole)
			.map(Optional::of)
			.onErrorResume(ToolListResponse::unreadable, ex -> {
				logger.warn("Refusing the backend's tools/list answer: " + ex.getMessage());
				return Mono.just(Optional.empty());
			})
			.flatMap(rewritten -> rewritten.isPresent() ? writeWhole(rewritten.get()) : parts.errors().write(exchange, error()));
	}

	@Override
	public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		Flux<DataBuffer> buffers = Flux.from(body).concatMap(Flux::from, 0);
		HttpHeaders headers = getHeaders();
		if (!is(headers.getContentType(), "text", "event-stream") || encoded(headers)) {
			return writeWith(buffers); // read whole, and refused unless empty
		}
		headers.remove(HttpHeaders.CONTENT_LENGTH);
		privateToCaches(headers);
		Flux<DataBuffer> events = SseEvents.map(buffers, parts.maxSize(), this::rewriteEvent)
			.onErrorResume(ToolListResponse::unreadable, ex -> {
				logger.warn("Ending the backend's tools/list stream: " + ex.getMessage());
				return Mono.just(parts.errors().event(exchange, error()));
			})
			.map(bytes -> bufferFactory().wrap(bytes));
		return super.writeAndFlushWith(events.map(Flux::just));
	}

	private Mono<byte[]> rewriteWhole(byte[] answer) {
		if (answer.length == 0) {
			return Mono.just(answer);
		}
		MediaType type = getHeaders().getContentType();
		if (!is(type, "application", "json")) {
			return Mono.error(new ToolListRewriter.Unreadable("content type " + type + " is not JSON"));
		}
		return rewrite(answer);
	}

	/** A whole answer (one message or a batch); the same array when there is nothing to rewrite. */
	private Mono<byte[]> rewrite(byte[] answer) {
		ToolListRewriter rewriter = parts.rewriter();
		return Mono.fromCallable(() -> rewriter.read(answer, request))
			.subscribeOn(parts.scheduler())
			.flatMap(read -> !read.listsTools() ? Mono.just(answer)
					: learn(read).publishOn(parts.scheduler()).map(readOnly -> rewriter.write(read, request, readOnly)));
	}

	/** One SSE event; the same array when its {@code data} is not a tool list. */
	private Mono<byte[]> rewriteEvent(byte[] event) {
		ToolListRewriter rewriter = parts.rewriter();
		return Mono.fromCallable(() -> rewriter.readEvent(event, request))
			.subscribeOn(parts.scheduler())
			.flatMap(read -> !read.listsTools() ? Mono.just(event)
					: learn(read).publishOn(parts.scheduler())
						.map(readOnly -> ToolListRewriter.writeEvent(event, rewriter.write(read, request, readOnly))))
			.defaultIfEmpty(event);
	}

	/**
	 * Learns what the answer said of the backend's tools, here and for every instance: the test-mode
	 * argument's header first, then the {@code readOnlyHint}s, whose merged state decides which tools
	 * write.
	 */
	private Mono<Map<String, Boolean>> learn(ToolListRewriter.Read read) {
		Mono<Void> headers = parts.paramHeaders() == null ? Mono.empty()
				: parts.paramHeaders().learn(request.backend(), read.headers());
		return headers.then(parts.hints().learn(request.backend(), read.said()));
	}

	private Mono<Void> writeWhole(byte[] answer) {
		getHeaders().setContentLength(answer.length);
		privateToCaches(getHeaders());
		return super.writeWith(Mono.just(bufferFactory().wrap(answer)));
	}

	/** The list is the caller's own: no shared HTTP cache may keep it, whatever the backend said. */
	private static void privateToCaches(HttpHeaders headers) {
		String cacheControl = headers.getCacheControl();
		if (cacheControl != null && !cacheControl.contains("no-store")) {
			headers.setCacheControl("private");
		}
	}

	/** Refuses without reading the rest of the answer; the backend connection is closed. */
	private Mono<Void> refuse(Publisher<? extends DataBuffer> body, String why) {
		logger.warn("Refusing the backend's tools/list answer: " + why);
		return Flux.from(body).doOnNext(DataBufferUtils::release).next()
			.then(Mono.defer(() -> parts.errors().write(exchange, error())));
	}

	/** The error in the answer's place, with the request's id (none for a batch). */
	private EdgeError error() {
		HttpStatusCode backend = getStatusCode();
		HttpStatus status = backend == null || backend.is2xxSuccessful() ? null : HttpStatus.resolve(backend.value());
		return EdgeErrors.toolListUnreadable(request.id(), status == null ? HttpStatus.BAD_GATEWAY : status);
	}

	private static boolean unreadable(Throwable ex) {
		return ex instanceof ToolListRewriter.Unreadable || ex instanceof DataBufferLimitException;
	}

	private static boolean encoded(HttpHeaders headers) {
		String encoding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
		return encoding != null && !encoding.equalsIgnoreCase("identity");
	}

	/** Exactly this type; parameters such as {@code charset} aside. */
	private static boolean is(MediaType type, String main, String sub) {
		return type != null && type.getType().equals(main) && type.getSubtype().equals(sub);
	}
}
