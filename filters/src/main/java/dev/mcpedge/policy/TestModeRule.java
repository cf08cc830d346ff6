package dev.mcpedge.policy;

import dev.mcpedge.identity.EdgeIdentity;
import dev.mcpedge.identity.Mode;
import dev.mcpedge.jsonrpc.JsonRpcMessage;

/**
 * DESIGN §5. An API key fixes the mode: a missing argument is inserted with the key's mode and a
 * disagreeing one refused, so a test key never reaches live data. An OAuth identity chooses per
 * call: read tools default to live; write tools must say so explicitly.
 */
final class TestModeRule {

	/** What to do with one tool call. */
	sealed interface Decision {
	}

	/** Forward as sent; {@code test} is the mode the call carries. */
	record Keep(boolean test) implements Decision {
	}

	/** Insert the argument with this value. */
	record Insert(boolean test) implements Decision {
	}

	/** Answer with a tool error the model can act on; nothing is forwarded. */
	record Refuse(String text) implements Decision {
	}

	private final String argument;

	TestModeRule(String argument) {
		this.argument = argument;
	}

	Decision decide(EdgeIdentity identity, JsonRpcMessage call, boolean readOnly) {
		if (call.testMode() == JsonRpcMessage.TestMode.NOT_BOOLEAN) {
			return new Refuse(argument + " must be a boolean: true for test data, false for live data.");
		}
		if (identity.mode() != null) {
			boolean testKey = identity.mode() == Mode.TEST;
			return switch (call.testMode()) {
				case ABSENT -> new Insert(testKey);
				case TRUE -> testKey ? new Keep(true) : new Refuse("This is a live key: it works on live data only. Pass "
						+ argument + ": false or omit it; use a test key for test data.");
				default -> testKey ? new Refuse("This is a test key: it can only work on test data. Pass " + argument
						+ ": true or omit it.") : new Keep(false);
			};
		}
		return switch (call.testMode()) {
			case TRUE -> new Keep(true);
			case FALSE -> new Keep(false);
			default -> readOnly ? new Insert(false) : new Refuse("The tool " + call.name()
					+ " changes data, so " + argument + " must be given explicitly: true to work on test data, false for live data.");
		};
	}
}
