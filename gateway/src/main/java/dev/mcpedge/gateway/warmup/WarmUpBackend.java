package dev.mcpedge.gateway.warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The warm-up's backend: an HTTP server on a free loopback port that answers every POST to
 * {@code /mcp} with a JSON-RPC result, after reading the request's body, as an MCP server answers a
 * {@code ping}. Lives for the warm-up only.
 */
final class WarmUpBackend implements AutoCloseable {

	private static final byte[] RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"warm-up\"}]}}"
		.getBytes(StandardCharsets.UTF_8);

	private final DisposableServer server;

	WarmUpBackend() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route(routes -> routes.post("/mcp", (request, response) -> request.receive()
				.then(response.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
					.sendByteArray(Mono.just(RESULT))
					.then())))
			.bindNow(Duration.ofSeconds(10));
	}

	/** Its MCP endpoint. */
	URI uri() {
		return URI.create("http://127.0.0.1:" + server.port() + "/mcp");
	}

	@Override
	public void close() {
		server.disposeNow(Duration.ofSeconds(5));
	}
}
