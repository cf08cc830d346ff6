package dev.mcpedge.jsonrpc;

/**
 * JSON-RPC error codes the edge answers with, and the error of a body it refused to read.
 *
 * @param code the JSON-RPC error code
 * @param message a message safe to show (never a piece of the body)
 */
public record JsonRpcError(int code, String message) {

	/** Invalid JSON. */
	public static final int PARSE_ERROR = -32700;

	/** JSON, but not a valid JSON-RPC request (including duplicate member names). */
	public static final int INVALID_REQUEST = -32600;

	/** Invalid method parameters. */
	public static final int INVALID_PARAMS = -32602;

	/** {@code Mcp-Method} / {@code Mcp-Name} request headers disagree with the body (2026-07-28). */
	public static final int HEADER_MISMATCH = -32020;
}
