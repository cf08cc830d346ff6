package dev.mcpedge.loadtests.stub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.netty.handler.codec.http.HttpResponseStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The stub's answer to one JSON-RPC request: the same small result whatever was asked, with the
 * request's id, so that the backend never costs more than the parse of the body. A
 * {@code tools/call} of the tool {@code sse} is answered as one server-sent event; a notification
 * (no id) with 202. A {@code tools/call} of the tool {@code sse_hold} (arguments
 * {@code {"seconds": n}}, default 5) is a stream held open: a log notification event at once, the
 * result event {@code n} seconds later, then the end of the stream (the burst scenario's long
 * streaming calls).
 *
 * @param status the status
 * @param contentType the media type of the body
 * @param body the whole body, or for a held stream its first event
 * @param hold how long a held stream stays open before {@code last}; zero for other answers
 * @param last the held stream's last event; empty for other answers
 */
record McpAnswer(HttpResponseStatus status, String contentType, byte[] body, Duration hold, byte[] last) {

	static final String HELD_STREAM_TOOL = "sse_hold";

	private static final long DEFAULT_HOLD_SECONDS = 5;

	private static final String LOG_NOTIFICATION = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
			+ "\"params\":{\"level\":\"info\",\"data\":\"working\"}}";

	private static final JsonFactory JSON = new JsonFactory();

	private static final String TOOLS = "{\"tools\":["
			+ "{\"name\":\"get_balance\",\"description\":\"Read a balance.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{}},"
			+ "\"annotations\":{\"readOnlyHint\":true}},"
			+ "{\"name\":\"sse\",\"description\":\"Answers as a server-sent event.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{}},"
			+ "\"annotations\":{\"readOnlyHint\":true}},"
			+ "{\"name\":\"sse_hold\",\"description\":\"Answers as a stream held open for some seconds.\","
			+ "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"seconds\":{\"type\":\"integer\"}}},"
			+ "\"annotations\":{\"readOnlyHint\":true}}]}";

	private static final String CALL_RESULT = "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}],\"isError\":false}";

	static McpAnswer to(byte[] request) {
		Request read;
		try {
			read = Request.read(request);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return json(HttpResponseStatus.BAD_REQUEST,
					"{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}");
		}
		if (read.id() == null) {
			return new McpAnswer(HttpResponseStatus.ACCEPTED, "application/json", new byte[0], Duration.ZERO,
					new byte[0]);
		}
		String result = switch (read.method()) {
			case "tools/list" -> TOOLS;
			case "tools/call" -> CALL_RESULT;
			default -> "{}";
		};
		String message = "{\"jsonrpc\":\"2.0\",\"id\":" + read.id() + ",\"result\":" + result + "}";
		if ("tools/call".equals(read.method()) && "sse".equals(read.tool())) {
			return new McpAnswer(HttpResponseStatus.OK, "text/event-stream", event(message), Duration.ZERO, new byte[0]);
		}
		if ("tools/call".equals(read.method()) && HELD_STREAM_TOOL.equals(read.tool())) {
			long seconds = read.seconds() != null ? read.seconds() : DEFAULT_HOLD_SECONDS;
			return new McpAnswer(HttpResponseStatus.OK, "text/event-stream", event(LOG_NOTIFICATION),
					Duration.ofSeconds(seconds), event(message));
		}
		return json(HttpResponseStatus.OK, message);
	}

	/** Whether this is a stream held open ({@link #body()} now, {@link #last()} after {@link #hold()}). */
	boolean held() {
		return !hold.isZero();
	}

	private static byte[] event(String message) {
		return ("event: message\ndata: " + message + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private static McpAnswer json(HttpResponseStatus status, String body) {
		return new McpAnswer(status, "application/json", body.getBytes(StandardCharsets.UTF_8), Duration.ZERO,
				new byte[0]);
	}

	/**
	 * What the answer depends on.
	 *
	 * @param id the id as JSON text ({@code 7} or {@code "abc"}), {@code null} for a notification
	 * @param method the method, {@code ""} when absent
	 * @param tool {@code params.name}, or {@code null}
	 * @param seconds {@code params.arguments.seconds}, or {@code null}
	 */
	private record Request(String id, String method, String tool, Long seconds) {

		/** Reads the top-level members with the streaming parser; skips everything else unread. */
		static Request read(byte[] body) {
			String id = null;
			String method = "";
			Params params = Params.NONE;
			try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
				if (parser.nextToken() != JsonToken.START_OBJECT) {
					throw new IllegalArgumentException("not a JSON object");
				}
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String member = parser.currentName();
					JsonToken value = parser.nextToken();
					switch (member) {
						case "id" -> id = value == JsonToken.VALUE_STRING
								? Json.quote(parser.getString())
								: value == JsonToken.VALUE_NULL ? null : parser.getString();
						case "method" -> method = parser.getValueAsString("");
						case "params" -> params = Params.read(parser);
						default -> parser.skipChildren();
					}
				}
			}
			return new Request(id, method, params.tool(), params.seconds());
		}
	}

	/** The members of {@code params} the answer depends on: {@code name}, and {@code arguments.seconds}. */
	private record Params(String tool, Long seconds) {

		static final Params NONE = new Params(null, null);

		/** Reads {@code params} at the parser's current token, skipping what it does not need. */
		static Params read(JsonParser parser) {
			if (parser.currentToken() != JsonToken.START_OBJECT) {
				parser.skipChildren();
				return NONE;
			}
			String name = null;
			Long seconds = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String member = parser.currentName();
				JsonToken value = parser.nextToken();
				if (member.equals("name")) {
					name = parser.getValueAsString();
				}
				else if (member.equals("arguments") && value == JsonToken.START_OBJECT) {
					seconds = seconds(parser);
				}
				else {
					parser.skipChildren();
				}
			}
			return new Params(name, seconds);
		}

		private static Long seconds(JsonParser parser) {
			Long seconds = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String member = parser.currentName();
				JsonToken value = parser.nextToken();
				if (member.equals("seconds") && value == JsonToken.VALUE_NUMBER_INT) {
					seconds = parser.getLongValue();
				}
				else {
					parser.skipChildren();
				}
			}
			return seconds;
		}
	}
}
