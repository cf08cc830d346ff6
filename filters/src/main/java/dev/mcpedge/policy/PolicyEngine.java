package dev.mcpedge.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.mcpedge.errors.BearerChallenge;
import dev.mcpedge.errors.EdgeError;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.jsonrpc.JsonRpcBody;
import dev.mcpedge.jsonrpc.JsonRpcError;
import dev.mcpedge.jsonrpc.JsonRpcMessage;
import dev.mcpedge.jsonrpc.JsonRpcReader;
import dev.mcpedge.jsonrpc.ProtocolVersions;

import org.springframework.http.HttpStatus;
import org.jspecify.annotations.Nullable;

/**
 * The decisions of DESIGN §5 on one POST body, without any I/O: read it strictly, check the
 * {@code Mcp-Method}/{@code Mcp-Name} headers against it, check every tool call's scopes and test
 * mode, and either forward the body (with the test-mode argument inserted where needed, every
 * other byte unchanged) or answer in the edge's name. A batch is forwarded whole or not at all.
 */
public final class PolicyEngine {

	/** What to do with the request. */
	public sealed interface Outcome {
	}

	/**
	 * Send these bytes to the backend.
	 *
	 * @param body the body to forward
	 * @param mode {@code test}/{@code live} for the mode header of an OAuth tool call, else {@code null}
	 * @param toolLists the ids (as JSON text) of the {@code tools/list} requests in the body, alone or
	 * in a batch: their answers are rewritten for the caller
	 * @param writeCall whether it calls a write tool (the stricter rate limit applies)
	 * @param testMode the test-mode argument as forwarded (sent or inserted) when the body is one tool
	 * call, else {@code null}
	 */
	public record Forward(byte[] body, @Nullable String mode, List<String> toolLists, boolean writeCall,
			@Nullable Boolean testMode) implements Outcome {

		/** Whether the answer holds a {@code tools/list} result to rewrite. */
		public boolean toolList() {
			return !toolLists.isEmpty();
		}
	}

	/** Answer with this, send nothing. */
	public record Answer(EdgeError error) implements Outcome {
	}

	/**
	 * A body read and checked against its headers, waiting for the backend's hints on
	 * {@link #unclassifiedTools()}; {@code stateless} when it speaks 2026-07-28 or later (by its
	 * {@code MCP-Protocol-Version} header or its {@code _meta}).
	 *
	 * @param configuredReadOnly the called tools the configuration classifies, {@code true} for
	 * read-only: matched against the tool lists once per request, here
	 * @param unclassifiedTools the called tools it does not classify
	 */
	public record Parsed(byte[] bytes, JsonRpcBody body, Map<String, Boolean> configuredReadOnly,
			List<String> unclassifiedTools, boolean stateless) implements Outcome {
	}

	private final String argument;

	private final ToolRules rules;

	private final JsonRpcReader reader;

	/** {@code null} when test mode is off: the argument is never inserted or checked. */
	private final @Nullable TestModeRule testMode;

	/** An engine with test mode on. */
	public PolicyEngine(PolicySettings policy) {
		this(policy, true);
	}

	/**
	 * @param testMode whether test mode is on ({@code mcp-edge.api-keys.test-prefix} set); when off,
	 * tool calls are forwarded byte for byte, whatever they say of the test-mode argument
	 */
	public PolicyEngine(PolicySettings policy, boolean testMode) {
		this.argument = policy.testModeArgument();
		this.rules = new ToolRules(policy);
		this.reader = new JsonRpcReader(argument);
		this.testMode = testMode ? new TestModeRule(argument) : null;
	}

	ToolRules rules() {
		return rules;
	}

	/** Reads the body and checks the headers: an {@link Answer}, or {@link Parsed}. */
	public Outcome read(byte[] bytes, @Nullable String methodHeader, @Nullable String nameHeader) {
		return read(bytes, methodHeader, nameHeader, null);
	}

	/**
	 * Reads the body and checks the headers, {@code versionHeader} being the request's
	 * {@code MCP-Protocol-Version}: an {@link Answer}, or {@link Parsed}.
	 */
	public Outcome read(byte[] bytes, @Nullable String methodHeader, @Nullable String nameHeader,
			@Nullable String versionHeader) {
		JsonRpcReader.Result read = reader.read(bytes);
		if (read instanceof JsonRpcReader.Refused refused) {
			return new Answer(EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST, null, refused.error().code(),
					refused.error().message()));
		}
		JsonRpcBody body = ((JsonRpcReader.Read) read).body();
		String mismatch = headerMismatch(methodHeader, nameHeader, body);
		if (mismatch != null) {
			return new Answer(EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST, body.batch() ? null : body.messages().get(0).id(),
					JsonRpcError.HEADER_MISMATCH, mismatch));
		}
		Map<String, Boolean> configured = new HashMap<>();
		List<String> unclassified = new ArrayList<>();
		for (JsonRpcMessage message : body.messages()) {
			if (message.isToolCall() && message.name() != null && !configured.containsKey(message.name())
					&& !unclassified.contains(message.name())) {
				rules.configuredReadOnly(message.name())
					.ifPresentOrElse(readOnly -> configured.put(message.name(), readOnly), () -> unclassified.add(message.name()));
			}
		}
		boolean stateless = body.messages().stream().anyMatch(m -> ProtocolVersions.isStateless(versionHeader, m));
		return new Parsed(bytes, body, configured, unclassified, stateless);
	}

	/**
	 * Decides on a parsed body for {@code identity}; {@code backendHints} are the backend's own
	 * {@code readOnlyHint}s of the unclassified tools (a tool known neither way writes).
	 */
	public Outcome decide(Parsed parsed, EdgeIdentity identity, BearerChallenge challenge,
			Map<String, Boolean> backendHints) {
		JsonRpcBody body = parsed.body();
		Map<JsonRpcMessage, String> refusals = new LinkedHashMap<>();
		List<Insertion> insertions = new ArrayList<>();
		Boolean callMode = null;
		boolean writeCall = false;
		for (JsonRpcMessage message : body.messages()) {
			if (!message.isToolCall()) {
				continue;
			}
			if (message.name() == null || message.argumentsMalformed() || message.paramsEnd() < 0) {
				return new Answer(EdgeErrors.jsonRpcError(HttpStatus.BAD_REQUEST, message.id(), JsonRpcError.INVALID_PARAMS,
						"Invalid params: tools/call needs params.name (a string) and, if given, params.arguments as an object"));
			}
			ToolRules.ScopeCheck scopes = rules.check(message.name(), identity);
			if (!scopes.allowed()) {
				return new Answer(scopes.unmapped() ? EdgeErrors.toolNotGranted(message.name())
						: EdgeErrors.insufficientScope(challenge, scopes.required(), message.name()));
			}
			Boolean configured = parsed.configuredReadOnly().get(message.name());
			boolean readOnly = configured != null ? configured : backendHints.getOrDefault(message.name(), false);
			writeCall |= !readOnly;
			if (testMode == null) {
				continue;
			}
			TestModeRule.Decision decision = testMode.decide(identity, message, readOnly);
			if (decision instanceof TestModeRule.Refuse refuse) {
				refusals.put(message, refuse.text());
			}
			else if (decision instanceof TestModeRule.Insert insert) {
				insertions.add(new Insertion(message, insert.test()));
				callMode = insert.test();
			}
			else {
				callMode = ((TestModeRule.Keep) decision).test();
			}
		}
		if (!refusals.isEmpty()) {
			return new Answer(refusalAnswer(body, refusals, parsed.stateless()));
		}
		byte[] forwarded = insertions.isEmpty() ? parsed.bytes() : splice(parsed.bytes(), insertions);
		String mode = identity.mode() == null && !body.batch() && callMode != null ? (callMode ? "test" : "live") : null;
		List<String> toolLists = body.messages().stream()
			.filter(m -> m.isRequest() && JsonRpcMessage.TOOLS_LIST.equals(m.method()))
			.map(JsonRpcMessage::id)
			.toList();
		Boolean testMode = body.batch() ? null : callMode;
		return new Forward(forwarded, mode, toolLists, writeCall, testMode);
	}

	private static String headerMismatch(@Nullable String method, @Nullable String name, JsonRpcBody body) {
		if (method == null && name == null) {
			return null;
		}
		if (body.batch()) {
			return "Mcp-Method and Mcp-Name cannot describe a batch";
		}
		JsonRpcMessage message = body.messages().get(0);
		if (method != null && !method.equals(message.method())) {
			return "Mcp-Method header does not match the method in the body";
		}
		if (name != null && !name.equals(message.mcpName())) {
			return JsonRpcMessage.RESOURCES_READ.equals(message.method())
					? "Mcp-Name header does not match the uri in the body"
					: "Mcp-Name header does not match the name in the body";
		}
		return null;
	}

	/** The edge's answer when a tool call is refused: its tool error, and nothing sent for a batch. */
	private static EdgeError refusalAnswer(JsonRpcBody body, Map<JsonRpcMessage, String> refusals, boolean stateless) {
		if (!body.batch()) {
			Map.Entry<JsonRpcMessage, String> refusal = refusals.entrySet().iterator().next();
			return EdgeErrors.toolError(refusal.getKey().id(), refusal.getValue(), stateless);
		}
		List<EdgeError> answers = new ArrayList<>();
		for (JsonRpcMessage message : body.messages()) {
			String refusal = refusals.get(message);
			if (refusal != null) {
				answers.add(EdgeErrors.toolError(message.id(), refusal, false));
			}
			else if (message.isRequest()) {
				answers.add(EdgeErrors.notSentWithBatch(message.id()));
			}
		}
		return EdgeErrors.batch(answers);
	}

	private record Insertion(JsonRpcMessage message, boolean test) {
		int offset() {
			return message.argumentsEnd() >= 0 ? message.argumentsEnd() : message.paramsEnd();
		}
	}

	/** Inserts the test-mode argument where each call needs it; every other byte stays as it was. */
	private byte[] splice(byte[] body, List<Insertion> insertions) {
		List<Insertion> ordered = new ArrayList<>(insertions);
		ordered.sort(Comparator.comparingInt(Insertion::offset));
		List<byte[]> texts = new ArrayList<>();
		int extra = 0;
		for (Insertion insertion : ordered) {
			JsonRpcMessage message = insertion.message();
			String member = "\"" + argument + "\":" + insertion.test();
			String text = message.argumentsEnd() >= 0 ? (message.argumentsEmpty() ? "" : ",") + member
					: (message.paramsEmpty() ? "" : ",") + "\"arguments\":{" + member + "}";
			byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
			texts.add(encoded);
			extra += encoded.length;
		}
		byte[] result = new byte[body.length + extra];
		int from = 0;
		int to = 0;
		for (int i = 0; i < ordered.size(); i++) {
			int offset = ordered.get(i).offset();
			System.arraycopy(body, from, result, to, offset - from);
			to += offset - from;
			System.arraycopy(texts.get(i), 0, result, to, texts.get(i).length);
			to += texts.get(i).length;
			from = offset;
		}
		System.arraycopy(body, from, result, to, body.length - from);
		return result;
	}
}
