package dev.mcpedge.audit;

import java.time.Instant;

import dev.mcpedge.identity.EdgeIdentity;

import org.springframework.http.HttpStatusCode;
import org.jspecify.annotations.Nullable;
import org.springframework.web.server.ServerWebExchange;

/**
 * The audit record of one MCP request, filled in by the filters as they decide and written once
 * when the exchange ends (DESIGN §7). Never holds a secret; holds tool arguments only when the
 * operator turns that on.
 */
public final class AuditRecord {

	/** Exchange attribute holding the record of an MCP request. */
	public static final String ATTRIBUTE = AuditRecord.class.getName();

	final Instant time;

	final long startNanos;

	final String endpoint;

	String method;

	String tool;

	String mode;

	String refusal;

	String arguments;

	AuditRecord(Instant time, long startNanos, String endpoint) {
		this.time = time;
		this.startNanos = startNanos;
		this.endpoint = endpoint;
	}

	/** The record of this exchange, or {@code null} when it is not an MCP request. */
	public static @Nullable AuditRecord of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	/** What the request asks: JSON-RPC method ({@code batch} for a batch), tool, and arguments if recorded. */
	public void jsonRpc(String method, @Nullable String tool, @Nullable String arguments) {
		this.method = method;
		this.tool = tool;
		this.arguments = arguments;
	}

	/** The mode the call runs in, {@code test} or {@code live}. */
	public void mode(@Nullable String mode) {
		this.mode = mode;
	}

	/**
	 * The mode the request ran in: the call's, else the credential's ({@code test} or {@code live});
	 * {@code null} when neither fixes one.
	 */
	@Nullable String mode(@Nullable EdgeIdentity identity) {
		return mode != null ? mode : identity != null && identity.mode() != null ? identity.mode().value() : null;
	}

	/**
	 * {@code allowed} (forwarded and answered below 400), {@code refused} (the edge answered itself) or
	 * {@code failed} (the backend failed or the client went away).
	 */
	String decision(@Nullable HttpStatusCode status, boolean cancelled) {
		if (refusal != null) {
			return "refused";
		}
		return !cancelled && status != null && status.value() < 400 ? "allowed" : "failed";
	}

	/** The edge answered itself instead of forwarding; {@code reason} is what it told the caller. */
	void refused(String reason) {
		this.refusal = reason;
	}
}
