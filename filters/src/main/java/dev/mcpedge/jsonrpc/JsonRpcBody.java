package dev.mcpedge.jsonrpc;

import java.util.List;

/**
 * A POST body read as JSON-RPC: one message, or a batch (an array, as 2025-03-26 clients send).
 *
 * @param messages the messages, in order
 * @param batch whether the body was an array
 */
public record JsonRpcBody(List<JsonRpcMessage> messages, boolean batch) {
}
