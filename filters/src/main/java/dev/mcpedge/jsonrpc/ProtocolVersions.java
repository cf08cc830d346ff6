package dev.mcpedge.jsonrpc;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which MCP protocol a request speaks. 2026-07-28 names it in the {@code MCP-Protocol-Version}
 * header and in every request's {@code params._meta}; versions are dates, so any later version
 * is read as 2026-07-28 or newer.
 */
public final class ProtocolVersions {

	/** The request header naming the protocol version (2025-06-18 and later). */
	public static final String HEADER = "MCP-Protocol-Version";

	/** The stateless revision: results carry {@code resultType}, lists {@code cacheScope}. */
	public static final String V2026_07_28 = "2026-07-28";

	private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	private ProtocolVersions() {
	}

	/** Whether {@code version} is 2026-07-28 or later; {@code false} for {@code null} or a non-date. */
	public static boolean isStateless(@Nullable String version) {
		return version != null && DATE.matcher(version).matches() && version.compareTo(V2026_07_28) >= 0;
	}

	/** Whether a request with this header and this message speaks 2026-07-28 or later. */
	public static boolean isStateless(@Nullable String header, JsonRpcMessage message) {
		return isStateless(header) || isStateless(message.protocolVersion());
	}
}
