package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;

import org.jspecify.annotations.Nullable;

/**
 * Rewrites the answer to {@code tools/list} for the caller (DESIGN §5): reads what the backend says
 * of each tool, keeps only the tools the caller may call, and declares the test-mode argument in
 * every input schema the backend did not declare it in (required for write tools when the caller is
 * an OAuth identity, who must choose). Works on one message or a batch of them; messages that are
 * not tool lists are returned as they were. Plain and synchronous: {@link ToolListResponse} runs it
 * off the event loop and learns what an answer said ({@link ToolHints}) between {@link #read} and
 * {@link #write}.
 * <p>
 * Fails closed: an answer it cannot read (not JSON, nested deeper than the parser allows, not
 * JSON-RPC, or an answer to the {@code tools/list} request that is neither a list of tools nor an
 * error) signals {@link Unreadable}, and the caller must not see it.
 */
final class ToolListRewriter {

	/**
	 * One {@code tools/list} exchange.
	 *
	 * @param identity the caller
	 * @param backend the name of the backend that answers ({@link ToolHints#backendName})
	 * @param ids the ids of the {@code tools/list} requests, as JSON text
	 * @param stateless whether the request speaks MCP 2026-07-28 or later
	 * @param id the request's id as JSON text, for an error in the answer's place; {@code null} for a
	 * batch
	 */
	record Request(EdgeIdentity identity, String backend, List<String> ids, boolean stateless, @Nullable String id) {

		Request(EdgeIdentity identity, String backend, List<String> ids) {
			this(identity, backend, ids, false, ids.size() == 1 ? ids.get(0) : null);
		}
	}

	/** An answer the edge cannot read and rewrite. Carries no stack trace and none of the answer. */
	static final class Unreadable extends RuntimeException {

		Unreadable(String reason) {
			super(reason, null, false, false);
		}
	}

	private final JsonMapper json;

	private final ToolRules rules;

	/** The test-mode argument to declare; {@code null} when test mode is off and nothing is declared. */
	private final @Nullable String argument;

	ToolListRewriter(JsonMapper json, ToolRules rules, @Nullable String argument) {
		this.json = json;
		this.rules = rules;
		this.argument = argument;
	}

	/**
	 * Reads a whole answer (one message or a batch): its tool lists and what it says of each tool, or
	 * {@link Unreadable}.
	 */
	Read read(byte[] answer, Request request) {
		JsonNode root;
		try {
			root = json.readTree(answer);
		}
		catch (JacksonException ex) {
			throw new Unreadable("not JSON the edge can read");
		}
		return read(root, request);
	}

	/** Reads one SSE event; {@code null} when it carries no data. */
	@Nullable Read readEvent(byte[] event, Request request) {
		String data = SseEvents.data(event);
		return data == null || data.isBlank() ? null : read(data.getBytes(StandardCharsets.UTF_8), request);
	}

	/**
	 * The answer read, rewritten for the caller; {@code readOnly} is what is known of the backend's
	 * tools once what this answer said was learned.
	 */
	byte[] write(Read read, Request request, Map<String, Boolean> readOnly) {
		EdgeIdentity identity = request.identity();
		for (ObjectNode result : read.lists()) {
			privateToCaches(result, request.stateless());
			ArrayNode kept = json.createArrayNode();
			for (JsonNode tool : result.get("tools")) {
				JsonNode name = tool.get("name");
				if (!(tool instanceof ObjectNode toolObject) || name == null || !name.isString()
						|| !rules.check(name.stringValue(), identity).allowed()) {
					continue;
				}
				boolean toolReadOnly = rules.configuredReadOnly(name.stringValue())
					.orElse(readOnly.getOrDefault(name.stringValue(), false));
				if (argument != null) {
					declareArgument(toolObject, identity, toolReadOnly);
				}
				kept.add(toolObject);
			}
			result.set("tools", kept);
		}
		return json.writeValueAsBytes(read.root());
	}

	/** The SSE event with its data replaced by the rewritten answer. */
	static byte[] writeEvent(byte[] event, byte[] rewritten) {
		return SseEvents.withData(event, new String(rewritten, StandardCharsets.UTF_8));
	}

	private Read read(JsonNode root, Request request) {
		Set<String> ids = new HashSet<>();
		request.ids().forEach(id -> ids.add(idKey(json.readTree(id))));
		List<JsonNode> messages = new ArrayList<>();
		if (root instanceof ArrayNode batch) {
			batch.forEach(messages::add);
		}
		else {
			messages.add(root);
		}
		List<ObjectNode> lists = new ArrayList<>();
		Map<String, Boolean> said = new LinkedHashMap<>();
		Map<String, String> headers = new LinkedHashMap<>();
		for (JsonNode message : messages) {
			if (!(message instanceof ObjectNode)) {
				throw new Unreadable("not JSON-RPC");
			}
			boolean answersList = ids.contains(idKey(message.get("id")));
			if (message.get("result") instanceof ObjectNode result && result.get("tools") instanceof ArrayNode tools) {
				lists.add(result);
				if (answersList) {
					learnFrom(tools, said);
					if (argument != null) { // with test mode off there is no argument to mirror
						learnHeaders(tools, headers);
					}
				}
			}
			else if (answersList && !message.has("method") && !(message.get("error") instanceof ObjectNode)) {
				throw new Unreadable("an answer to tools/list without a list of tools");
			}
		}
		return new Read(root, lists, said, headers);
	}

	/**
	 * The {@code x-mcp-header} each tool gives the test-mode argument ({@code ""} for none): the
	 * header its clients mirror the argument in, which the edge must set when it inserts the argument.
	 */
	private void learnHeaders(ArrayNode tools, Map<String, String> headers) {
		for (JsonNode tool : tools) {
			JsonNode name = tool.get("name");
			if (name != null && name.isString()) {
				JsonNode header = tool.path("inputSchema").path("properties").path(argument).path("x-mcp-header");
				headers.put(name.stringValue(), header.isString() ? header.stringValue() : "");
			}
		}
	}

	/** A tool the backend does not say is read-only, in any of its entries, is a write tool. */
	private static void learnFrom(ArrayNode tools, Map<String, Boolean> said) {
		for (JsonNode tool : tools) {
			JsonNode name = tool.get("name");
			if (name != null && name.isString()) {
				JsonNode hint = tool.path("annotations").path("readOnlyHint");
				said.merge(name.stringValue(), hint.isBoolean() && hint.booleanValue(), Boolean::logicalAnd);
			}
		}
	}

	/**
	 * The list is now this caller's own: a shared cache must not serve it to anyone else. A
	 * {@code cacheScope} the backend set becomes {@code "private"} (its {@code ttlMs} is kept); a
	 * 2026-07-28 answer (by its request, or its {@code resultType}) without one gets one, since a client of that version may otherwise treat it
	 * as shareable; an earlier version's answer, which has no such member, is left without.
	 */
	private static void privateToCaches(ObjectNode result, boolean stateless) {
		if (result.has("cacheScope") || result.has("resultType") || stateless) {
			result.put("cacheScope", "private");
		}
	}

	/** An id compared as a client compares it: {@code 7} and {@code 7.0} are the same number. */
	private static @Nullable String idKey(@Nullable JsonNode id) {
		if (id == null) {
			return null;
		}
		if (id.isNumber()) {
			return "n" + id.decimalValue().stripTrailingZeros().toPlainString();
		}
		return id.isString() ? "s" + id.stringValue() : null;
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

	/**
	 * An answer read: its tree, the results holding tool lists, what it says of each tool, and each
	 * tool's {@code x-mcp-header} for the test-mode argument.
	 */
	record Read(JsonNode root, List<ObjectNode> lists, Map<String, Boolean> said, Map<String, String> headers) {

		/** Whether the answer holds a list of tools, and so needs rewriting. */
		boolean listsTools() {
			return !lists.isEmpty();
		}
	}
}
