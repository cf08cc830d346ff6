package dev.mcpedge.policy;

import java.util.List;
import java.util.Map;

import org.springframework.util.unit.DataSize;

/**
 * What the policy enforces on every MCP message and on {@code tools/list} answers (the
 * {@code mcp-edge.policy.*} settings, whose documentation gives the defaults and limits).
 *
 * @param readTools tool names or glob patterns that only read
 * @param writeTools tool names or glob patterns that write; they win over {@code readTools}
 * @param toolScopes the scopes a tool needs, by tool name or glob pattern, in order
 * @param unmappedToolsAllowed whether an identity restricted to scopes may call a tool with no entry in
 * {@code toolScopes}
 * @param testModeArgument the tool argument that selects test data
 * @param maxBodySize largest POST body read
 * @param allowedOrigins values of {@code Origin} accepted
 * @param maxToolListSize largest {@code tools/list} answer or SSE event read to filter it
 */
public record PolicySettings(List<String> readTools, List<String> writeTools, Map<String, List<String>> toolScopes,
		boolean unmappedToolsAllowed, String testModeArgument, DataSize maxBodySize, List<String> allowedOrigins,
		DataSize maxToolListSize) {
}
