package dev.mcpedge.loadtests.stub;

import java.nio.charset.StandardCharsets;

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
 * (no id) with 202.
 */
record McpAnswer(HttpResponseStatus status, String contentType, byte[] body) {

	private static final JsonFactory JSON = new JsonFactory();

	private static final String TOOLS = "{\"tools\":["
			+ "{\"name\":\"get_balance\",\"description\":\"Read a balance.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{}},"
			+ "\"annotations\":{\"readOnlyHint\":true}},"
			+ "{\"name\":\"sse\",\"description\":\"Answers as a server-sent event.\",\"inputSchema\":{\"type\":\"object\",\"properties\":{}},"
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
			return new McpAnswer(HttpResponseStatus.ACCEPTED, "application/json", new byte[0]);
		}
		String result = switch (read.method()) {
			case "tools/list" -> TOOLS;
			case "tools/call" -> CALL_RESULT;
			default -> "{}";
		};
		String message = "{\"jsonrpc\":\"2.0\",\"id\":" + read.id() + ",\"result\":" + result + "}";
		if ("tools/call".equals(read.method()) && "sse".equals(read.tool())) {
			return new McpAnswer(HttpResponseStatus.OK, "text/event-stream",
					("event: message\ndata: " + message + "\n\n").getBytes(StandardCharsets.UTF_8));
		}
		return json(HttpResponseStatus.OK, message);
	}

	private static McpAnswer json(HttpResponseStatus status, String body) {
		return new McpAnswer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * What the answer depends on.
	 *
	 * @param id the id as JSON text ({@code 7} or {@code "abc"}), {@code null} for a notification
	 * @param method the method, {@code ""} when absent
	 * @param tool {@code params.name}, or {@code null}
	 */
	private record Request(String id, String method, String tool) {

		/** Reads the top-level members with the streaming parser; skips everything else unread. */
		static Request read(byte[] body) {
			String id = null;
			String method = "";
			String tool = null;
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
						case "params" -> tool = toolName(parser);
						default -> parser.skipChildren();
					}
				}
			}
			return new Request(id, method, tool);
		}

		private static String toolName(JsonParser parser) {
			if (parser.currentToken() != JsonToken.START_OBJECT) {
				parser.skipChildren();
				return null;
			}
			String name = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String member = parser.currentName();
				parser.nextToken();
				if (member.equals("name")) {
					name = parser.getValueAsString();
				}
				else {
					parser.skipChildren();
				}
			}
			return name;
		}
	}
}
