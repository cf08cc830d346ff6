package dev.mcpedge.gateway.demo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
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
 * It speaks MCP 2026-07-28 as well as the 2025 revisions. A request is 2026-07-28 when its
 * {@code MCP-Protocol-Version} header or its {@code _meta} envelope names that revision, or when it is
 * {@code server/discover}: such a request needs no session, and its results carry
 * {@code resultType: "complete"} (and the cache hints the revision requires on lists). Everything
 * else is answered exactly as before, since the README's 2025 walkthrough shows those bytes.
 * <p>
 * The MCP Java SDK's server transports are servlet-based; this gateway runs on Reactor Netty only,
 * so the demo speaks the protocol itself.
 */
public final class DemoMcpServer implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DemoMcpServer.class);

	private static final String SERVER_INFO_META_KEY = "io.modelcontextprotocol/serverInfo";

	/** JSON-RPC error for a routing header that disagrees with the body (2026-07-28). */
	private static final int HEADER_MISMATCH = -32020;

	/** JSON-RPC error for a protocol version the server does not speak (2026-07-28). */
	private static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

	private static final String INSTRUCTIONS = "A demo payments server. Every tool result echoes what the server received from the gateway.";

	/** How long a client may reuse the tool list: the demo's tools never change while it runs. */
	private static final long TOOLS_TTL_MS = 60_000;

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
		String modern = initialize ? null : DemoProtocolVersions.stateless(request.requestHeaders(), map);
		if (modern != null) {
			return handleModern(request, response, map, modern);
		}
		if (!initialize) {
			String session = request.requestHeaders().get("Mcp-Session-Id");
			if (session == null) {
				return json(response, HttpResponseStatus.BAD_REQUEST, error(map.get("id"), -32600, "Missing Mcp-Session-Id header"));
			}
			if (!sessions.containsKey(session)) {
				return json(response, HttpResponseStatus.NOT_FOUND, error(map.get("id"), -32001, "Session not found"));
			}
		}
		return send(request, response, map, answer(request, response, map));
	}

	private Publisher<Void> send(HttpServerRequest request, HttpServerResponse response, Map<?, ?> message,
			@Nullable Object answer) {
		if (answer == null) {
			return response.status(HttpResponseStatus.ACCEPTED).send();
		}
		String accept = request.requestHeaders().get(HttpHeaderNames.ACCEPT, "");
		if ("tools/call".equals(message.get("method")) && accept.contains("text/event-stream")) {
			String event = "event: message\ndata: " + json.writeValueAsString(answer) + "\n\n";
			return response.status(HttpResponseStatus.OK)
				.header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
				.header(HttpHeaderNames.CACHE_CONTROL, "no-cache")
				.sendString(Mono.just(event));
		}
		return json(response, HttpResponseStatus.OK, answer);
	}

	/**
	 * A 2026-07-28 request: no session, the routing headers checked against the body as the
	 * revision asks of servers, and {@code resultType} on every result.
	 */
	private Publisher<Void> handleModern(HttpServerRequest request, HttpServerResponse response, Map<?, ?> message,
			String version) {
		Object id = message.get("id");
		if (!DemoProtocolVersions.STATELESS.contains(version)) {
			Map<String, Object> error = ordered("code", UNSUPPORTED_PROTOCOL_VERSION, "message",
					"Unsupported protocol version: " + version, "data",
					ordered("supported", DemoProtocolVersions.supported(), "requested", version));
			return json(response, HttpResponseStatus.BAD_REQUEST, ordered("jsonrpc", "2.0", "id", id, "error", error));
		}
		String mismatch = DemoProtocolVersions.headerMismatch(request.requestHeaders(), message);
		if (mismatch != null) {
			return json(response, HttpResponseStatus.BAD_REQUEST, error(id, HEADER_MISMATCH, mismatch));
		}
		Object answer = answer(request, response, message);
		if (answer instanceof Map<?, ?> envelope && envelope.get("result") instanceof Map<?, ?> result) {
			Map<String, Object> complete = new LinkedHashMap<>();
			result.forEach((key, value) -> complete.put((String) key, value));
			if ("tools/list".equals(message.get("method"))) {
				complete.put("ttlMs", TOOLS_TTL_MS);
				complete.put("cacheScope", "public");
			}
			complete.put("resultType", "complete");
			answer = result(id, complete);
		}
		return send(request, response, message, answer);
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
			case "server/discover":
				return result(id, discover());
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
		String version = requested instanceof String v && DemoProtocolVersions.SESSIONS.contains(v) ? v
				: DemoProtocolVersions.SESSIONS.get(0);
		return ordered("protocolVersion", version, "capabilities", Map.of("tools", Map.of("listChanged", false)),
				"serverInfo", serverInfo(), "instructions", INSTRUCTIONS);
	}

	/** What a 2026-07-28 client learns instead of {@code initialize}: versions, capabilities, identity. */
	private static Map<String, Object> discover() {
		return ordered("supportedVersions", DemoProtocolVersions.supported(), "capabilities", Map.of("tools", Map.of("listChanged", false)),
				"instructions", INSTRUCTIONS, "ttlMs", 0, "cacheScope", "public", "_meta",
				Map.of(SERVER_INFO_META_KEY, serverInfo()));
	}

	private static Map<String, Object> serverInfo() {
		return ordered("name", "mcp-edge-demo", "version", "0.1.0");
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
