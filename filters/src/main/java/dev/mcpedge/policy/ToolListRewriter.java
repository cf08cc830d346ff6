package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;

/**
 * Rewrites the answer to {@code tools/list} for the caller (DESIGN §5): learns each tool's
 * {@code readOnlyHint}, keeps only the tools the caller may call, and declares the test-mode
 * argument in every input schema the backend did not declare it in (required for write tools
 * when the caller is an OAuth identity, who must choose). Anything that is not such an answer is
 * returned as it was.
 */
final class ToolListRewriter {

	private final JsonMapper json;

	private final ToolRules rules;

	private final ToolHints hints;

	private final String argument;

	ToolListRewriter(JsonMapper json, ToolRules rules, ToolHints hints, String argument) {
		this.json = json;
		this.rules = rules;
		this.hints = hints;
		this.argument = argument;
	}

	/** One JSON-RPC message as bytes; the same array when there is nothing to rewrite. */
	byte[] rewrite(byte[] message, EdgeIdentity identity) {
		JsonNode root;
		try {
			root = json.readTree(message);
		}
		catch (JacksonException ex) {
			return message;
		}
		JsonNode result = root.get("result");
		JsonNode tools = result == null ? null : result.get("tools");
		if (!(result instanceof ObjectNode resultObject) || tools == null || !tools.isArray()) {
			return message;
		}
		Map<String, Boolean> learned = new HashMap<>();
		ArrayNode kept = json.createArrayNode();
		for (JsonNode tool : tools) {
			JsonNode name = tool.get("name");
			if (!(tool instanceof ObjectNode toolObject) || name == null || !name.isString()) {
				continue;
			}
			JsonNode hint = tool.path("annotations").path("readOnlyHint");
			if (hint.isBoolean()) {
				learned.put(name.stringValue(), hint.booleanValue());
			}
			if (!rules.check(name.stringValue(), identity).allowed()) {
				continue;
			}
			boolean readOnly = rules.configuredReadOnly(name.stringValue()).orElse(hint.isBoolean() && hint.booleanValue());
			declareArgument(toolObject, identity, readOnly);
			kept.add(toolObject);
		}
		resultObject.set("tools", kept);
		hints.learn(learned);
		return json.writeValueAsBytes(root);
	}

	/** One SSE event; its {@code data} rewritten when it is a {@code tools/list} answer. */
	byte[] rewriteEvent(byte[] event, EdgeIdentity identity) {
		String text = new String(event, StandardCharsets.UTF_8);
		StringBuilder data = new StringBuilder();
		StringBuilder other = new StringBuilder();
		for (String line : text.split("\r?\n", -1)) {
			if (line.startsWith("data:")) {
				data.append(data.length() > 0 ? "\n" : "").append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
			}
			else if (!line.isEmpty()) {
				other.append(line).append('\n');
			}
		}
		if (data.length() == 0) {
			return event;
		}
		byte[] original = data.toString().getBytes(StandardCharsets.UTF_8);
		byte[] rewritten = rewrite(original, identity);
		if (rewritten == original) {
			return event;
		}
		return (other + "data: " + new String(rewritten, StandardCharsets.UTF_8) + "\n\n").getBytes(StandardCharsets.UTF_8);
	}

	private void declareArgument(ObjectNode tool, EdgeIdentity identity, boolean readOnly) {
		JsonNode schema = tool.get("inputSchema");
		if (!(schema instanceof ObjectNode schemaObject)) {
			return;
		}
		JsonNode properties = schemaObject.get("properties");
		ObjectNode propertiesObject = properties instanceof ObjectNode p ? p : schemaObject.putObject("properties");
		if (!propertiesObject.has(argument)) {
			propertiesObject.putObject(argument).put("type", "boolean").put("description", description(identity, readOnly));
		}
		if (identity.mode() == null && !readOnly) {
			JsonNode required = schemaObject.get("required");
			ArrayNode requiredArray = required instanceof ArrayNode r ? r : schemaObject.putArray("required");
			boolean listed = false;
			for (JsonNode entry : requiredArray) {
				listed |= entry.isString() && argument.equals(entry.stringValue());
			}
			if (!listed) {
				requiredArray.add(argument);
			}
		}
	}

	private static String description(EdgeIdentity identity, boolean readOnly) {
		String base = "Test mode: true works on test data, false on live data.";
		if (identity.mode() != null) {
			String mode = identity.mode() == Mode.TEST ? "test" : "live";
			return base + " This API key is a " + mode + " key: leave this out to use " + mode + " data.";
		}
		return readOnly ? base + " Defaults to live data." : base + " Required: this tool changes data.";
	}
}
