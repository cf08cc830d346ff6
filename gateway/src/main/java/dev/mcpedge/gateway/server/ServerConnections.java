package dev.mcpedge.gateway.server;

import java.time.Duration;
import java.util.Arrays;

import io.netty.channel.ChannelPipeline;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpProtocol;

import dev.mcpedge.autoconfigure.McpEdgeProperties;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connection hygiene of the HTTP server: a cap on open connections, and a deadline for each request
 * to arrive whole ({@code mcp-edge.server.*}).
 * <p>
 * Connections idle between requests, and those that never send a byte, are closed by Reactor Netty
 * itself ({@code server.netty.idle-timeout}). Its idle timer sits behind the HTTP codec and is taken
 * off once a request head is decoded, so it closes a connection whose head trickles in without an
 * answer and never times a body; Reactor Netty's request and read timeouts start only once a head
 * has been decoded. Hence the handlers around the HTTP/1.1 codec here. With HTTP/2 enabled the request deadline is not
 * applied (that codec is set up after protocol negotiation); the cap still is.
 */
@Configuration(proxyBeanMethods = false)
class ServerConnections {

	private static final Log logger = LogFactory.getLog(ServerConnections.class);

	@Bean
	ConnectionLimit connectionLimit(McpEdgeProperties properties) {
		return new ConnectionLimit(properties.server().maxConnections());
	}

	@Bean
	NettyServerCustomizer connectionHygiene(ConnectionLimit limit, McpEdgeProperties properties) {
		Duration requestReadTimeout = properties.server().requestReadTimeout();
		return server -> {
			boolean http11Only = Arrays.equals(server.configuration().protocols(), new HttpProtocol[] { HttpProtocol.HTTP11 });
			if (!http11Only) {
				logger.info("mcp-edge.server.request-read-timeout applies to HTTP/1.1 only, and HTTP/2 is enabled: not applied");
			}
			return server.doOnChannelInit((observer, channel, remoteAddress) -> {
				if (!limit.admit(channel) || !http11Only) {
					return;
				}
				ChannelPipeline pipeline = channel.pipeline();
				RequestReadTimer timer = new RequestReadTimer(requestReadTimeout);
				pipeline.addBefore(NettyPipeline.HttpCodec, "mcpEdge.requestFirstByte", new RequestFirstByteHandler(timer));
				pipeline.addAfter(NettyPipeline.HttpCodec, "mcpEdge.requestReadTimer", timer);
			});
		};
	}
}
