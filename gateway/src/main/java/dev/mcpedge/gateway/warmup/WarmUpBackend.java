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
 * {@code /mcp} after reading its body: with a JSON-RPC result, as an MCP server answers a
 * {@code ping} or a tool call, or, for a request whose id is {@value #STREAMED_ID}, with the result as
 * a one-event SSE stream on a connection it then closes, as a streaming tool call ends (so that the
 * edge's SSE steps and the opening of backend connections are compiled too). Lives for the warm-up
 * only.
 */
final class WarmUpBackend implements AutoCloseable {

	/** The JSON-RPC id of the requests answered as an SSE stream. */
	static final int STREAMED_ID = 3;

	private static final byte[] RESULT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"warm-up\"}]}}"
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] STREAM = ("event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":" + STREAMED_ID
			+ ",\"result\":{}}\n\n")
		.getBytes(StandardCharsets.UTF_8);

	private static final String STREAMED = "\"id\":" + STREAMED_ID + ",";

	private final DisposableServer server;

	WarmUpBackend() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route(routes -> routes.post("/mcp", (request, response) -> request.receive()
				.aggregate()
				.asString()
				.defaultIfEmpty("")
				.flatMap(body -> body.contains(STREAMED)
						? response.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
							.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
							.sendByteArray(Mono.just(STREAM))
							.then()
						: response.header(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
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
