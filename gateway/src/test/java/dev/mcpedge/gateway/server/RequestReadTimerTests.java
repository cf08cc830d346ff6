package dev.mcpedge.gateway.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The request read deadline on the wire, with the channel's clock moved by the test. */
class RequestReadTimerTests {

	private static final String HEAD = "POST /api/mcp HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n";

	private final EmbeddedChannel channel = channel();

	private static EmbeddedChannel channel() {
		RequestReadTimer timer = new RequestReadTimer(Duration.ofSeconds(60));
		return new EmbeddedChannel(new RequestFirstByteHandler(timer), new HttpServerCodec(), timer);
	}

	@Test
	void requestWhenHeadIncompleteAtTheDeadlineThen408AndClosed() {
		receive("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: a");
		channel.advanceTimeBy(59, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();

		channel.advanceTimeBy(1, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(sent()).startsWith("HTTP/1.1 408 Request Timeout\r\n").endsWith("\r\n\r\n{\"error\":\"request_timeout\"}");
		assertThat(channel.isOpen()).isFalse();
	}

	@Test
	void requestWhenWholeThenNoDeadlineWhileItsResponseIsStreamed() {
		receive(HEAD + "0123");
		receive("456789");
		drainInbound();
		channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
		channel.advanceTimeBy(10, TimeUnit.MINUTES);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isTrue();
		assertThat(sent()).startsWith("HTTP/1.1 200 OK");
	}

	@Test
	void requestWhenAnsweredBeforeItsBodyArrivedThenClosedWithoutA408() {
		receive(HEAD + "0123");
		drainInbound();
		DefaultFullHttpResponse unauthorized = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
				HttpResponseStatus.UNAUTHORIZED);
		unauthorized.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
		channel.writeOutbound(unauthorized);
		assertThat(sent()).startsWith("HTTP/1.1 401");

		channel.advanceTimeBy(60, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat((Object) channel.readOutbound()).as("nothing after the 401").isNull();
	}

	@Test
	void requestWhenPipelinedBehindAnUnansweredOneAndIncompleteThenClosedWithoutA408AheadOfTheFirstResponse() {
		receive(HEAD + "0123456789" + HEAD + "01");
		drainInbound();
		channel.advanceTimeBy(60, TimeUnit.SECONDS);
		channel.runScheduledPendingTasks();
		assertThat(channel.isOpen()).isFalse();
		assertThat((Object) channel.readOutbound()).isNull();
	}

	private void receive(String bytes) {
		channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
	}

	private void drainInbound() {
		for (Object msg; (msg = channel.readInbound()) != null;) {
			ReferenceCountUtil.release(msg);
		}
	}

	private String sent() {
		StringBuilder sent = new StringBuilder();
		for (Object msg; (msg = channel.readOutbound()) != null;) {
			ByteBuf bytes = (ByteBuf) msg;
			sent.append(bytes.toString(StandardCharsets.US_ASCII));
			bytes.release();
		}
		return sent.toString();
	}
}
