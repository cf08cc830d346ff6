package dev.mcpedge.gateway.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Tells the connection's {@link RequestReadTimer} when bytes of a request arrive, before the HTTP
 * codec decodes them.
 * <p>
 * Sits right before the codec, so behind TLS it sees plaintext. The timer must hear of a request's
 * first byte here: until the codec has decoded a whole request head it passes nothing on, and a
 * client that trickles header bytes would otherwise never be timed.
 */
final class RequestFirstByteHandler extends ChannelInboundHandlerAdapter {

	private final RequestReadTimer timer;

	RequestFirstByteHandler(RequestReadTimer timer) {
		this.timer = timer;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
			timer.bytesArriving();
		}
		// the codec decodes within this call, so the timer has seen the decoded messages when it returns
		ctx.fireChannelRead(msg);
		timer.bytesDecoded();
	}
}
