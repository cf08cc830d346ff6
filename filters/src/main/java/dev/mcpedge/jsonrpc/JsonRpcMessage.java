package dev.mcpedge.jsonrpc;

import org.jspecify.annotations.Nullable;

/**
 * What the edge needs to know of one JSON-RPC message, read once from the body: its kind and
 * method, the tool it calls, the test-mode argument as sent, and where in the body an argument
 * can be inserted without touching anything else.
 *
 * @param method the method, or {@code null} for a response
 * @param id the id as JSON text ({@code "abc"} with quotes, or {@code 7}), or {@code null} for a notification
 * @param name {@code params.name} (the tool of {@code tools/call}), or {@code null}
 * @param testMode the test-mode argument of {@code params.arguments} as sent
 * @param argumentsStart byte offset of the opening brace of {@code params.arguments}, or -1 when absent
 * @param argumentsEnd byte offset of the closing brace of {@code params.arguments}, or -1 when absent
 * @param argumentsEmpty whether {@code params.arguments} has no members
 * @param argumentsMalformed whether {@code params.arguments} is present but not an object (null included)
 * @param paramsEnd byte offset of the closing brace of {@code params}, or -1 when absent or not an object
 * @param paramsEmpty whether {@code params} has no members
 * @param uri {@code params.uri} (the resource of {@code resources/read}), or {@code null}
 * @param protocolVersion {@code params._meta["io.modelcontextprotocol/protocolVersion"]} (2026-07-28 and
 * later carry it in every request), or {@code null}
 */
public record JsonRpcMessage(@Nullable String method, @Nullable String id, @Nullable String name, TestMode testMode,
		int argumentsStart, int argumentsEnd, boolean argumentsEmpty, boolean argumentsMalformed, int paramsEnd, boolean paramsEmpty,
		@Nullable String uri, @Nullable String protocolVersion) {

	/** A message without {@code params.uri} or a protocol version in {@code _meta}. */
	public JsonRpcMessage(@Nullable String method, @Nullable String id, @Nullable String name, TestMode testMode,
			int argumentsStart, int argumentsEnd, boolean argumentsEmpty, boolean argumentsMalformed, int paramsEnd,
			boolean paramsEmpty) {
		this(method, id, name, testMode, argumentsStart, argumentsEnd, argumentsEmpty, argumentsMalformed, paramsEnd,
				paramsEmpty, null, null);
	}

	/** MCP method of a tool call. */
	public static final String TOOLS_CALL = "tools/call";

	/** MCP method listing tools. */
	public static final String TOOLS_LIST = "tools/list";

	/** MCP method reading a resource; {@code Mcp-Name} carries its {@code params.uri}. */
	public static final String RESOURCES_READ = "resources/read";

	/** The test-mode argument of a tool call as the client sent it. */
	public enum TestMode {
		/** Not in the arguments. */
		ABSENT,
		/** {@code true}. */
		TRUE,
		/** {@code false}. */
		FALSE,
		/** Present but not a boolean. */
		NOT_BOOLEAN
	}

	/** A request expects an answer; a notification does not; a response answers the server. */
	public boolean isRequest() {
		return method != null && id != null;
	}

	public boolean isToolCall() {
		return TOOLS_CALL.equals(method);
	}

	/**
	 * What the 2026-07-28 {@code Mcp-Name} header mirrors: {@code params.uri} for
	 * {@code resources/read}, {@code params.name} for every other method ({@code tools/call},
	 * {@code prompts/get}).
	 */
	public @Nullable String mcpName() {
		return RESOURCES_READ.equals(method) ? uri : name;
	}
}
