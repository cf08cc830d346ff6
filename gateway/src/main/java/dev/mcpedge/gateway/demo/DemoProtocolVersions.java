package dev.mcpedge.gateway.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.HttpHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The protocol revisions the demo server speaks, and how it tells a stateless (2026-07-28) request
 * from a 2025 one and checks the 2026-07-28 routing headers against the body.
 */
final class DemoProtocolVersions {

	/** The revisions with {@code initialize} and sessions, newest first. */
	static final List<String> SESSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05");

	/** The stateless revisions, answered without {@code initialize} or sessions. */
	static final List<String> STATELESS = List.of("2026-07-28");

	/** Revision identifiers are dates: every revision from this one on is stateless. */
	private static final String FIRST_STATELESS = "2026-07-28";

	private static final String PROTOCOL_VERSION_META_KEY = "io.modelcontextprotocol/protocolVersion";

	private DemoProtocolVersions() {
	}

	/** Every revision, the stateless ones first. */
	static List<String> supported() {
		List<String> supported = new ArrayList<>(STATELESS);
		supported.addAll(SESSIONS);
		return supported;
	}

	/**
	 * The stateless revision this request speaks, or {@code null} for a 2025 request. The header and
	 * the {@code _meta} envelope are both consulted so that a client sending only one of them (curl,
	 * or an intermediary that dropped the header) is still understood.
	 */
	static @Nullable String stateless(HttpHeaders headers, Map<?, ?> message) {
		String header = headers.get("MCP-Protocol-Version");
		if (header != null && isStateless(header)) {
			return header;
		}
		Object meta = metaVersion(message);
		if (meta instanceof String version && isStateless(version)) {
			return version;
		}
		return "server/discover".equals(message.get("method")) ? STATELESS.get(0) : null;
	}

	/** What disagrees between the routing headers and the body, or {@code null} when they agree. */
	static @Nullable String headerMismatch(HttpHeaders headers, Map<?, ?> message) {
		String header = headers.get("MCP-Protocol-Version");
		Object meta = metaVersion(message);
		if (header != null && meta != null && !header.equals(meta)) {
			return "MCP-Protocol-Version header does not match _meta " + PROTOCOL_VERSION_META_KEY;
		}
		String method = headers.get("Mcp-Method");
		if (method != null && !method.equals(message.get("method"))) {
			return "Mcp-Method header does not match the method in the body";
		}
		String name = headers.get("Mcp-Name");
		String field = switch (String.valueOf(message.get("method"))) {
			case "tools/call", "prompts/get" -> "name";
			case "resources/read" -> "uri";
			default -> null;
		};
		if (name != null && field != null) {
			Object value = message.get("params") instanceof Map<?, ?> params ? params.get(field) : null;
			if (!decodeParamValue(name).equals(value)) {
				return "Mcp-Name header does not match params." + field + " in the body";
			}
		}
		return null;
	}

	private static boolean isStateless(String version) {
		return version.compareTo(FIRST_STATELESS) >= 0;
	}

	private static @Nullable Object metaVersion(Map<?, ?> message) {
		return message.get("params") instanceof Map<?, ?> params && params.get("_meta") instanceof Map<?, ?> meta
				? meta.get(PROTOCOL_VERSION_META_KEY) : null;
	}

	/** A header value as the 2026-07-28 transport encodes it: plain, or base64 between sentinels. */
	private static String decodeParamValue(String value) {
		if (value.startsWith("=?base64?") && value.endsWith("?=") && value.length() >= 11) {
			try {
				return new String(Base64.getDecoder().decode(value.substring(9, value.length() - 2)), StandardCharsets.UTF_8);
			}
			catch (IllegalArgumentException ex) {
				return value;
			}
		}
		return value;
	}
}
