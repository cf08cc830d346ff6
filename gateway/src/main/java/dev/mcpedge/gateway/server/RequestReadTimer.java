package dev.mcpedge.gateway.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

/**
 * Answers {@code 408} to a request whose head and body have not arrived whole within the request
 * read timeout, counted from its first byte.
 * <p>
 * Sits right after the HTTP codec; {@link RequestFirstByteHandler}, right before it, reports the
 * raw bytes. A request that arrives within one read schedules nothing; the one task per request is
 * scheduled only when a read ends with the request still incomplete, and is cancelled when its last
 * content is decoded, so a response being streamed (SSE) to a request that has arrived is never
 * timed. When something of a response has already been written (the request was answered before
 * its body was read, or an earlier pipelined response is still being sent) a 408 cannot be sent
 * in its place, and the connection is just closed. The time counts until the edge has read the
 * body, so a body the application leaves unread counts too. A pipelined request whose first bytes
 * came in one read with the end of the request before it is timed from its next bytes or its
 * decoded head, whichever comes first (the codec does not tell that it holds a partial head). One
 * instance per connection, used on the connection's event loop only.
 */
final class RequestReadTimer extends ChannelDuplexHandler {

	private static final byte[] BODY = "{\"error\":\"request_timeout\"}".getBytes(StandardCharsets.US_ASCII);

	private final long timeoutNanos;

	// one per connection rather than a method reference per scheduled task
	private final Runnable expiry = this::expire;

	private ChannelHandlerContext ctx;

	/** A request has begun to arrive and its last content has not been decoded yet. */
	private boolean reading;

	/** The head of the request being read has been decoded (and handed to the application). */
	private boolean headDecoded;

	private long startNanos;

	private Future<?> deadline;

	/** Request heads decoded minus final response heads written: requests not answered yet. */
	private int unanswered;

	/** A final response head has been written and its last content not yet. */
	private boolean responding;

	/** The connection switched protocols (WebSocket): no HTTP requests follow. */
	private boolean switched;

	/** This timer expired and closed the connection. */
	private boolean expired;

	RequestReadTimer(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.ctx = ctx;
	}

	/** Raw bytes are about to be decoded: if no request is being read, they begin one. */
	void bytesArriving() {
		if (!reading && !switched) {
			begin();
		}
	}

	/** The bytes of one read have been decoded: a request still incomplete now needs its deadline. */
	void bytesDecoded() {
		if (reading && deadline == null) {
			deadline = ctx.executor().schedule(expiry, timeoutNanos - (System.nanoTime() - startNanos), TimeUnit.NANOSECONDS);
		}
	}

	private void begin() {
		reading = true;
		headDecoded = false;
		startNanos = System.nanoTime();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (expired) {
			// the codec's "closed before the request was whole" message; the application would log it for
			// every slow client as a decoding failure
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest) {
			if (!reading) {
				// a pipelined request decoded from the bytes that completed the one before it
				begin();
			}
			headDecoded = true;
			unanswered++;
		}
		if (msg instanceof LastHttpContent) {
			reading = false;
			cancelDeadline();
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof HttpResponse response) {
			if (response.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
				unanswered--;
				responding = true;
			}
			else if (response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
				switched = true;
				reading = false;
				cancelDeadline();
			}
		}
		if (msg instanceof LastHttpContent) {
			responding = false;
		}
		ctx.write(msg, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		cancelDeadline();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		cancelDeadline();
	}

	private void cancelDeadline() {
		if (deadline != null) {
			deadline.cancel(false);
			deadline = null;
		}
	}

	private void expire() {
		deadline = null;
		if (!reading || !ctx.channel().isActive()) {
			return;
		}
		reading = false;
		expired = true;
		if (!responding && unanswered == (headDecoded ? 1 : 0)) {
			ctx.writeAndFlush(timeoutResponse());
		}
		// closed at once, not when the 408 is written, so nothing the application writes meanwhile follows it
		ctx.close();
	}

	private static FullHttpResponse timeoutResponse() {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
				Unpooled.wrappedBuffer(BODY));
		response.headers()
			.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
			.setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length)
			.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
		return response;
	}
}
