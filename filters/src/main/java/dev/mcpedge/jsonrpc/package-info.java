/**
 * A strict reader of JSON-RPC 2.0 request bodies (single messages and batches), and the MCP protocol
 * versions the edge passes through.
 */
@NullMarked
package dev.mcpedge.jsonrpc;

import org.jspecify.annotations.NullMarked;
