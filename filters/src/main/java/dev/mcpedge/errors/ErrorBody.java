package dev.mcpedge.errors;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The form of an error's body. The texts are the {@link EdgeError}'s own ({@code code},
 * {@code description}); a form adds what only it has. {@link ErrorResponder} renders each form.
 */
public sealed interface ErrorBody {

	/**
	 * A plain JSON error: {@code detail}, {@code error} (the code), {@code scope} and
	 * {@code error_description} (the description), each only when present.
	 *
	 * @param detail {@code Access denied} for the 403s of DESIGN §4, else {@code null}
	 * @param scope the scopes a call needs, for {@code insufficient_scope}; else {@code null}
	 */
	record Json(@Nullable String detail, @Nullable String scope) implements ErrorBody {

		/** {@code error} and {@code error_description} only. */
		static final Json PLAIN = new Json(null, null);
	}

	/**
	 * A JSON-RPC error response; its {@code message} is the description.
	 *
	 * @param id the request's id as JSON text, or {@code null} when unknown (a batch, an unreadable body)
	 * @param code the JSON-RPC error code
	 */
	record JsonRpc(@Nullable String id, int code) implements ErrorBody {
	}

	/**
	 * A tool call answered by the edge with a tool error the model can act on: a JSON-RPC result with
	 * {@code isError: true} whose text is the description.
	 *
	 * @param id the request's id as JSON text
	 * @param complete whether the result carries {@code resultType: "complete"} (2026-07-28 and later)
	 */
	record ToolError(@Nullable String id, boolean complete) implements ErrorBody {
	}

	/**
	 * The answer to a batch: one JSON-RPC response per message that needs one, each a {@link JsonRpc}
	 * or a {@link ToolError} error.
	 *
	 * @param answers the answers, in the order of the batch's messages
	 */
	record Batch(List<EdgeError> answers) implements ErrorBody {

		public Batch {
			answers = List.copyOf(answers);
			for (EdgeError answer : answers) {
				if (!(answer.body() instanceof JsonRpc || answer.body() instanceof ToolError)) {
					throw new IllegalArgumentException("a batch answers each message with a JSON-RPC response");
				}
			}
		}
	}
}
