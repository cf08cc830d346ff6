package dev.mcpedge.gateway.demo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static dev.mcpedge.gateway.demo.DemoTools.ordered;

/**
 * A small MCP server (Streamable HTTP) on a loopback port, for trying the gateway without a backend
 * of your own. It answers {@code initialize}, {@code ping}, {@code tools/list} and {@code tools/call},
 * keeps session ids, and answers {@code tools/call} as SSE when the client accepts it, everything else
 * as JSON. Every tool result echoes the arguments and the {@code X-*} headers the server received, so
 * you can see what the gateway did.
 * <p>
 * The MCP Java SDK's server transports are servlet-based; this gateway runs on Reactor Netty only,
 * so the demo speaks the protocol itself.
 */
public final class DemoMcpServer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DemoMcpServer.class);

	private static final List<String> PROTOCOL_VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26",
			"2024-11-05");

	private static final int MAX_SESSIONS = 10_000;

	private final JsonMapper json;

	private final Map<String, Boolean> sessions = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private DemoMcpServer(JsonMapper json) {
		this.json = json;
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route(routes -> routes.post("/mcp", this::post).get("/mcp", this::get).delete("/mcp", this::delete))
			.bindNow(Duration.ofSeconds(10));
	}

	/** Starts the server on a free loopback port. */
	public static DemoMcpServer start(JsonMapper json) {
		DemoMcpServer demo = new DemoMcpServer(json);
		logger.info("Demo MCP server listening on " + demo.uri());
		return demo;
	}

	/** The MCP endpoint URL. */
	public URI uri() {
		return URI.create("http://127.0.0.1:" + server.port() + "/mcp");
	}

	@Override
	public void close() {
		server.disposeNow(Duration.ofSeconds(5));
	}

	private Publisher<Void> get(HttpServerRequest request, HttpServerResponse response) {
		return response.status(HttpResponseStatus.METHOD_NOT_ALLOWED).header(HttpHeaderNames.ALLOW, "POST, DELETE").send();
	}

	private Publisher<Void> delete(HttpServerRequest request, HttpServerResponse response) {
		String session = request.requestHeaders().get("Mcp-Session-Id");
		boolean known = session != null && sessions.remove(session) != null;
		return response.status(known ? HttpResponseStatus.NO_CONTENT : HttpResponseStatus.NOT_FOUND).send();
	}

	private Publisher<Void> post(HttpServerRequest request, HttpServerResponse response) {
		return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
			.flatMap(body -> Mono.from(handle(request, response, body)));
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response, byte[] body) {
		Object message;
		try {
			message = json.readValue(body, Object.class);
		}
		catch (JacksonException ex) {
			return json(response, HttpResponseStatus.BAD_REQUEST, error(null, -32700, "Parse error"));
		}
		if (message instanceof List<?> batch) {
			List<Object> answers = new ArrayList<>();
			for (Object item : batch) {
				Object answer = item instanceof Map<?, ?> map ? answer(request, response, map) : error(null, -32600, "Invalid Request");
				if (answer != null) {
					answers.add(answer);
				}
			}
			return answers.isEmpty() ? response.status(HttpResponseStatus.ACCEPTED).send()
					: json(response, HttpResponseStatus.OK, answers);
		}
		if (!(message instanceof Map<?, ?> map)) {
			return json(response, HttpResponseStatus.BAD_REQUEST, error(null, -32600, "Invalid Request"));
		}
		boolean initialize = "initialize".equals(map.get("method"));
		if (!initialize) {
			String session = request.requestHeaders().get("Mcp-Session-Id");
			if (session == null) {
				return json(response, HttpResponseStatus.BAD_REQUEST, error(map.get("id"), -32600, "Missing Mcp-Session-Id header"));
			}
			if (!sessions.containsKey(session)) {
				return json(response, HttpResponseStatus.NOT_FOUND, error(map.get("id"), -32001, "Session not found"));
			}
		}
		Object answer = answer(request, response, map);
		if (answer == null) {
			return response.status(HttpResponseStatus.ACCEPTED).send();
		}
		String accept = request.requestHeaders().get(HttpHeaderNames.ACCEPT, "");
		if ("tools/call".equals(map.get("method")) && accept.contains("text/event-stream")) {
			String event = "event: message\ndata: " + json.writeValueAsString(answer) + "\n\n";
			return response.status(HttpResponseStatus.OK)
				.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
				.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
				.sendString(Mono.just(event));
		}
		return json(response, HttpResponseStatus.OK, answer);
	}

	/** The JSON-RPC answer to one message, or {@code null} for notifications and responses. */
	private Object answer(HttpServerRequest request, HttpServerResponse response, Map<?, ?> message) {
		Object id = message.get("id");
		Object method = message.get("method");
		if (!(method instanceof String name) || id == null) {
			return null;
		}
		Map<?, ?> params = message.get("params") instanceof Map<?, ?> p ? p : Map.of();
		switch (name) {
			case "initialize":
				return result(id, initialize(response, params));
			case "ping":
				return result(id, Map.of());
			case "tools/list":
				return result(id, Map.of("tools", DemoTools.DEFINITIONS));
			case "tools/call":
				return callTool(request, id, params);
			default:
				return error(id, -32601, "Method not found: " + name);
		}
	}

	private Map<String, Object> initialize(HttpServerResponse response, Map<?, ?> params) {
		if (sessions.size() >= MAX_SESSIONS) {
			sessions.clear();
		}
		String session = UUID.randomUUID().toString();
		sessions.put(session, Boolean.TRUE);
		response.header("Mcp-Session-Id", session);
		Object requested = params.get("protocolVersion");
		String version = requested instanceof String v && PROTOCOL_VERSIONS.contains(v) ? v : PROTOCOL_VERSIONS.get(0);
		return ordered("protocolVersion", version, "capabilities", Map.of("tools", Map.of("listChanged", false)),
				"serverInfo", ordered("name", "mcp-edge-demo", "version", "0.1.0"), "instructions",
				"A demo payments server. Every tool result echoes what the server received from the gateway.");
	}

	@SuppressWarnings("unchecked")
	private Object callTool(HttpServerRequest request, Object id, Map<?, ?> params) {
		String tool = String.valueOf(params.get("name"));
		Map<String, Object> arguments = params.get("arguments") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
		Object data = DemoTools.call(tool, arguments);
		if (data == null) {
			return error(id, -32602, "Unknown tool: " + tool);
		}
		Map<String, String> headers = new TreeMap<>();
		request.requestHeaders().forEach(h -> {
			String name = h.getKey().toLowerCase();
			if (name.startsWith("x-")) {
				headers.put(name, h.getValue());
			}
		});
		Map<String, Object> echo = ordered("tool", tool, "arguments", arguments, "received_headers", headers,
				"authorization_header_received", request.requestHeaders().contains(HttpHeaderNames.AUTHORIZATION),
				"data", data);
		String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(echo);
		return result(id, ordered("content", List.of(ordered("type", "text", "text", text)), "isError", false));
	}

	private Publisher<Void> json(HttpServerResponse response, HttpResponseStatus status, Object body) {
		return response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
			.sendByteArray(Mono.just(json.writeValueAsBytes(body)));
	}

	private static Map<String, Object> result(Object id, Object result) {
		return ordered("jsonrpc", "2.0", "id", id, "result", result);
	}

	private static Map<String, Object> error(Object id, int code, String message) {
		return ordered("jsonrpc", "2.0", "id", id, "error", ordered("code", code, "message", message));
	}
}
