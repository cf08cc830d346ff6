package dev.mcpedge.jsonrpc;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

import dev.mcpedge.jsonrpc.JsonRpcMessage.TestMode;

/**
 * Reads a POST body as JSON-RPC in one streaming pass, without building a tree. Strict: duplicate
 * member names anywhere, trailing content, non-standard JSON and invalid UTF-8 are refused, so a
 * body two parsers could read differently never passes. Thread-safe.
 */
public final class JsonRpcReader {

	/** The {@code _meta} member naming the protocol version of a request (2026-07-28 and later). */
	public static final String PROTOCOL_VERSION_META = "io.modelcontextprotocol/protocolVersion";

	// Buffers recycled per thread: the bodies are read on the event loops, and the default pool (a
	// concurrent deque) costs a poll and an offer on a shared deque for each of them.
	private static final JsonFactory JSON = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.recyclerPool(JsonRecyclerPools.threadLocalPool())
		.build();

	private final String testModeArgument;

	/** @param testModeArgument the tool argument carrying test mode, e.g. {@code api_test_mode} */
	public JsonRpcReader(String testModeArgument) {
		this.testModeArgument = testModeArgument;
	}

	/** The outcome of reading: a body, or the JSON-RPC error to answer with. */
	public sealed interface Result {
	}

	/** The body could be read. */
	public record Read(JsonRpcBody body) implements Result {
	}

	/** The body is refused. */
	public record Refused(JsonRpcError error) implements Result {
	}

	/** Reads {@code body}; never throws. */
	public Result read(byte[] body) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			List<JsonRpcMessage> messages = new ArrayList<>();
			boolean batch = first == JsonToken.START_ARRAY;
			if (batch) {
				JsonToken token;
				while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
					if (token != JsonToken.START_OBJECT) {
						return invalid("a batch holds JSON-RPC message objects only");
					}
					messages.add(message(parser));
				}
				if (messages.isEmpty()) {
					return invalid("empty batch");
				}
			}
			else if (first == JsonToken.START_OBJECT) {
				messages.add(message(parser));
			}
			else if (first == null) {
				return new Refused(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: empty body"));
			}
			else {
				return invalid("a JSON-RPC message is an object (or a batch of them)");
			}
			if (parser.nextToken() != null) {
				return new Refused(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: content after the JSON value"));
			}
			return new Read(new JsonRpcBody(List.copyOf(messages), batch));
		}
		catch (NotJsonRpc ex) {
			return invalid(ex.getMessage());
		}
		catch (StreamReadException ex) {
			String reason = ex.getOriginalMessage();
			if (reason != null && reason.startsWith("Duplicate Object property")) {
				return invalid("duplicate member name in the message");
			}
			return new Refused(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: malformed JSON"));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			return new Refused(new JsonRpcError(JsonRpcError.PARSE_ERROR, "Parse error: malformed JSON"));
		}
	}

	private static Refused invalid(String why) {
		return new Refused(new JsonRpcError(JsonRpcError.INVALID_REQUEST, "Invalid Request: " + why));
	}

	/** Reads one message object; the parser is on its START_OBJECT and is left on its END_OBJECT. */
	private JsonRpcMessage message(JsonParser parser) {
		String version = null;
		String method = null;
		String id = null;
		boolean hasId = false;
		boolean hasResult = false;
		Params params = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (field) {
				case "jsonrpc" -> version = value == JsonToken.VALUE_STRING ? parser.getString() : "";
				case "method" -> {
					if (value != JsonToken.VALUE_STRING) {
						throw new NotJsonRpc("method must be a string");
					}
					method = parser.getString();
				}
				case "id" -> {
					hasId = true;
					if (value == JsonToken.VALUE_STRING) {
						id = quoted(parser.getString());
					}
					else if (value == JsonToken.VALUE_NUMBER_INT) {
						id = parser.getText();
					}
					else {
						throw new NotJsonRpc("id must be a string or an integer");
					}
				}
				case "params" -> {
					if (value == JsonToken.START_OBJECT) {
						params = params(parser);
					}
					else if (value == JsonToken.START_ARRAY) {
						parser.skipChildren();
					}
					else {
						throw new NotJsonRpc("params must be an object");
					}
				}
				case "result", "error" -> {
					hasResult = true;
					parser.skipChildren();
				}
				default -> parser.skipChildren();
			}
		}
		if (!"2.0".equals(version)) {
			throw new NotJsonRpc("jsonrpc must be \"2.0\"");
		}
		if (method == null && !(hasId && hasResult)) {
			throw new NotJsonRpc("a message needs a method, or an id and a result or error");
		}
		if (params == null) {
			return new JsonRpcMessage(method, id, null, TestMode.ABSENT, -1, -1, true, false, -1, true);
		}
		return new JsonRpcMessage(method, id, params.name, params.testMode, params.argumentsStart, params.argumentsEnd,
				params.argumentsEmpty, params.argumentsMalformed, params.end, params.empty, params.uri, params.protocolVersion);
	}

	private static final class Params {
		String name;
		String uri;
		String protocolVersion;
		TestMode testMode = TestMode.ABSENT;
		int argumentsStart = -1;
		int argumentsEnd = -1;
		boolean argumentsEmpty = true;
		boolean argumentsMalformed;
		int end = -1;
		boolean empty = true;
	}

	/** Reads {@code params}; the parser is on its START_OBJECT and is left on its END_OBJECT. */
	private Params params(JsonParser parser) {
		Params params = new Params();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			params.empty = false;
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if ("name".equals(field) && value == JsonToken.VALUE_STRING) {
				params.name = parser.getString();
			}
			else if ("uri".equals(field) && value == JsonToken.VALUE_STRING) {
				params.uri = parser.getString();
			}
			else if ("_meta".equals(field) && value == JsonToken.START_OBJECT) {
				params.protocolVersion = protocolVersion(parser);
			}
			else if ("arguments".equals(field)) {
				if (value == JsonToken.START_OBJECT) {
					arguments(parser, params);
				}
				else {
					params.argumentsMalformed = true;
					parser.skipChildren();
				}
			}
			else {
				parser.skipChildren();
			}
		}
		params.end = offset(parser);
		return params;
	}

	/** Reads {@code _meta}; the parser is on its START_OBJECT and is left on its END_OBJECT. */
	private static String protocolVersion(JsonParser parser) {
		String version = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if (PROTOCOL_VERSION_META.equals(field) && value == JsonToken.VALUE_STRING) {
				version = parser.getString();
			}
			parser.skipChildren();
		}
		return version;
	}

	private void arguments(JsonParser parser, Params params) {
		params.argumentsStart = offset(parser);
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			params.argumentsEmpty = false;
			String field = parser.currentName();
			JsonToken value = parser.nextToken();
			if (testModeArgument.equals(field)) {
				params.testMode = value == JsonToken.VALUE_TRUE ? TestMode.TRUE
						: value == JsonToken.VALUE_FALSE ? TestMode.FALSE : TestMode.NOT_BOOLEAN;
			}
			parser.skipChildren();
		}
		params.argumentsEnd = offset(parser);
	}

	private static int offset(JsonParser parser) {
		return (int) parser.currentTokenLocation().getByteOffset();
	}

	private static String quoted(String value) {
		StringBuilder json = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"').toString();
	}

	/** Valid JSON that is not JSON-RPC; caught at {@link #read}. */
	private static final class NotJsonRpc extends RuntimeException {
		NotJsonRpc(String message) {
			super(message, null, false, false);
		}
	}
}
