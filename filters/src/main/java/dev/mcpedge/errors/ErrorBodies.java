package dev.mcpedge.errors;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.util.RawValue;

import org.jspecify.annotations.Nullable;

/**
 * Renders an error's body form as the JSON members it is written with, in order; JSON-RPC ids are
 * written as the JSON text the request carried. Used by {@link ErrorResponder} only.
 */
final class ErrorBodies {

	private ErrorBodies() {
	}

	/** The body of {@code error}: members in order, or a list of them for a batch. */
	static Object of(EdgeError error) {
		ErrorBody body = error.body();
		if (body instanceof ErrorBody.Json json) {
			return json(error, json);
		}
		if (body instanceof ErrorBody.JsonRpc rpc) {
			return jsonRpc(error, rpc);
		}
		if (body instanceof ErrorBody.ToolError tool) {
			return toolError(error, tool);
		}
		return batch((ErrorBody.Batch) body);
	}

	private static Map<String, Object> json(EdgeError error, ErrorBody.Json json) {
		Map<String, Object> body = new LinkedHashMap<>();
		putIfPresent(body, "detail", json.detail());
		putIfPresent(body, "error", error.code());
		putIfPresent(body, "scope", json.scope());
		putIfPresent(body, "error_description", error.description());
		return Collections.unmodifiableMap(body);
	}

	private static Map<String, Object> jsonRpc(EdgeError error, ErrorBody.JsonRpc rpc) {
		Map<String, Object> member = new LinkedHashMap<>();
		member.put("code", rpc.code());
		member.put("message", error.description());
		return envelope(rpc.id(), "error", member);
	}

	private static Map<String, Object> toolError(EdgeError error, ErrorBody.ToolError tool) {
		Map<String, Object> content = new LinkedHashMap<>();
		content.put("type", "text");
		content.put("text", error.description());
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("content", List.of(content));
		result.put("isError", true);
		if (tool.complete()) {
			result.put("resultType", "complete");
		}
		return envelope(tool.id(), "result", result);
	}

	private static List<Object> batch(ErrorBody.Batch batch) {
		List<Object> answers = new ArrayList<>(batch.answers().size());
		for (EdgeError answer : batch.answers()) {
			answers.add(of(answer));
		}
		return Collections.unmodifiableList(answers);
	}

	private static Map<String, Object> envelope(@Nullable String id, String member, Object value) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("jsonrpc", "2.0");
		envelope.put("id", id == null ? null : new RawValue(id));
		envelope.put(member, value);
		return Collections.unmodifiableMap(envelope);
	}

	private static void putIfPresent(Map<String, Object> body, String member, @Nullable String value) {
		if (value != null) {
			body.put(member, value);
		}
	}
}
