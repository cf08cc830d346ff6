package dev.mcpedge.loadtests.stub;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyOutbound;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The backend of the load tests: an MCP endpoint that answers at once, and a trivial OAuth issuer
 * for the gateway's JWT checks, on one port of 127.0.0.1.
 *
 * <p>Usage: {@code java -jar backend-stub.jar [port]} (default 3001). Routes:
 * <ul>
 * <li>{@code POST /mcp}: a fixed small JSON-RPC answer with the request's id, or a stream held open
 * for some seconds ({@link McpAnswer})</li>
 * <li>{@code GET /.well-known/openid-configuration} and {@code GET /jwks}: the issuer
 * {@code http://127.0.0.1:<port>}</li>
 * <li>{@code GET /token?aud=...&sub=...&org=...&scope=...}: an RS256 access token valid for a day</li>
 * </ul>
 */
public final class BackendStub {

	private BackendStub() {
	}

	public static void main(String[] args) {
		int port = args.length > 0 ? Integer.parseInt(args[0]) : 3001;
		Issuer issuer = new Issuer("http://127.0.0.1:" + port);
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route(routes -> routes
				.post("/mcp", (request, response) -> request.receive()
					.aggregate()
					.asByteArray()
					.defaultIfEmpty(new byte[0])
					.flatMap(body -> {
						McpAnswer answer = McpAnswer.to(body);
						if (answer.held()) {
							return hold(response.status(answer.status()), answer).then();
						}
						return send(response.status(answer.status()), answer.contentType(), answer.body()).then();
					}))
				.get("/.well-known/openid-configuration", (request, response) -> send(response, "application/json",
						issuer.discovery()))
				.get("/jwks", (request, response) -> send(response, "application/json", issuer.jwks()))
				.get("/token", (request, response) -> {
					Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
					String audience = first(query, "aud");
					if (audience == null) {
						return send(response.status(HttpResponseStatus.BAD_REQUEST), "text/plain", "aud is required\n");
					}
					String subject = Objects.requireNonNullElse(first(query, "sub"), "load-user");
					return send(response, "text/plain",
							issuer.token(audience, subject, first(query, "org"), first(query, "scope")));
				}))
			.bindNow();
		System.out.println("Backend stub listening on http://127.0.0.1:" + server.port() + "/mcp, issuer "
				+ issuer.id());
		server.onDispose().block();
	}

	/** A chunked answer: the first event at once (flushed), the last one after the hold, then the end. */
	private static NettyOutbound hold(HttpServerResponse response, McpAnswer answer) {
		return response.header(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
			.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
			.sendByteArray(Mono.just(answer.body())
				.concatWith(Mono.delay(answer.hold()).map(tick -> answer.last())));
	}

	private static NettyOutbound send(HttpServerResponse response, String contentType, String body) {
		return send(response, contentType, body.getBytes(StandardCharsets.UTF_8));
	}

	private static NettyOutbound send(HttpServerResponse response, String contentType, byte[] body) {
		if (body.length > 0) {
			response.header(HttpHeaderNames.CONTENT_TYPE, contentType);
		}
		return response.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length))
			.sendByteArray(Mono.just(body));
	}

	private static String first(Map<String, List<String>> query, String name) {
		List<String> values = query.get(name);
		return values == null || values.isEmpty() ? null : values.get(0);
	}
}
