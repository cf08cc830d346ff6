package dev.mcpedge.gateway.support;

/**
 * JSON-RPC messages of MCP as tests send and expect them, spelt as text blocks so a reader sees the
 * bytes on the wire. Builders produce compact JSON with fields in the usual order.
 */
public final class McpJson {

	/** An empty result for request 1: what a stub backend answers by default. */
	public static final String EMPTY_RESULT = """
			{"jsonrpc":"2.0","id":1,"result":{}}""";

	/** {@code ping} with id 1. */
	public static final String PING = request(1, "ping");

	/** {@code tools/list} with id 1. */
	public static final String TOOLS_LIST = request(1, "tools/list");

	private McpJson() {
	}

	/** A request without params; {@code id} is written as given ({@code 7} or {@code "\"a\""}). */
	public static String request(Object id, String method) {
		return """
				{"jsonrpc":"2.0","id":%s,"method":"%s"}""".formatted(id, method);
	}

	/** A request with {@code params} (a JSON object). */
	public static String request(Object id, String method, String params) {
		return """
				{"jsonrpc":"2.0","id":%s,"method":"%s","params":%s}""".formatted(id, method, params);
	}

	/** {@code tools/call} of {@code tool}; {@code arguments} (a JSON object) is left out when null. */
	public static String toolCall(Object id, String tool, String arguments) {
		return request(id, "tools/call", arguments == null ? """
				{"name":"%s"}""".formatted(tool) : """
				{"name":"%s","arguments":%s}""".formatted(tool, arguments));
	}

	/** {@code tools/call} of {@code tool} with id 1 and empty arguments. */
	public static String toolCall(String tool) {
		return toolCall(1, tool, "{}");
	}

	/** A result answer. */
	public static String result(Object id, String result) {
		return """
				{"jsonrpc":"2.0","id":%s,"result":%s}""".formatted(id, result);
	}
}
