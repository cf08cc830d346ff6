package dev.mcpedge.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * What the edge enforces on every MCP message (DESIGN §5), under {@code mcp-edge.policy}: which tools
 * read and which write, the scopes each tool needs, test mode, and the limits on what it reads.
 *
 * @param readTools tool names or glob patterns ({@code *}, {@code ?}) that only read; they win over
 * the backend's own {@code readOnlyHint}
 * @param writeTools tool names or glob patterns that write; a tool in both lists is a write tool,
 * and a tool known neither way is a write tool
 * @param toolScopes the scopes a tool needs, by tool name or glob pattern (write patterns in
 * brackets: {@code tool-scopes."[refunds_*]"}); exact names win over patterns, patterns apply in order
 * @param unmappedToolsAllowed whether an identity restricted to scopes may call a tool with no entry
 * in {@code tool-scopes}; default no (closed)
 * @param testModeArgument the tool argument that selects test data
 * @param maxBodySize largest POST body read; larger ones get 413
 * @param allowedOrigins values of {@code Origin} accepted; a request with any other {@code Origin}
 * gets 403 (requests without {@code Origin}, such as non-browser clients, are not affected)
 * @param trustReadOnlyHints whether a backend's {@code readOnlyHint: true} makes a tool the operator
 * did not classify a read tool for calls to that backend, as long as that backend never described
 * the tool otherwise; default yes. Learned hints are kept per backend and only ever move a tool
 * from read to write; with {@code false}, only {@code read-tools} makes a tool a read tool
 * @param maxToolListSize largest {@code tools/list} answer (JSON) or SSE event the edge reads to
 * filter it; a larger one is replaced by a JSON-RPC error, never passed on unfiltered
 */
public record PolicyProperties(List<String> readTools, List<String> writeTools, Map<String, List<String>> toolScopes,
		boolean unmappedToolsAllowed, @DefaultValue("api_test_mode") String testModeArgument,
		@DefaultValue("1MB") DataSize maxBodySize, List<String> allowedOrigins,
		@DefaultValue("true") boolean trustReadOnlyHints, @DefaultValue("8MB") DataSize maxToolListSize) {

	public PolicyProperties {
		readTools = readTools == null ? List.of() : List.copyOf(readTools);
		writeTools = writeTools == null ? List.of() : List.copyOf(writeTools);
		toolScopes = toolScopes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(toolScopes));
		allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
		Assert.isTrue(testModeArgument.matches("[A-Za-z0-9_.:-]{1,64}"), () -> "mcp-edge.policy.test-mode-argument ("
				+ testModeArgument + ") must be 1 to 64 letters, digits, '_', '.', ':' or '-'");
		Assert.isTrue(maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= Integer.MAX_VALUE / 2,
				() -> "mcp-edge.policy.max-body-size (" + maxBodySize + ") must be between 1KB and 1GB");
		Assert.notNull(maxToolListSize, "mcp-edge.policy.max-tool-list-size must be set");
		Assert.isTrue(maxToolListSize.toBytes() >= 1024 && maxToolListSize.toBytes() <= Integer.MAX_VALUE / 2,
				() -> "mcp-edge.policy.max-tool-list-size (" + maxToolListSize + ") must be between 1KB and 1GB");
	}
}
