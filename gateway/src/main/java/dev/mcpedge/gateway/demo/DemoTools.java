package dev.mcpedge.gateway.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo server's tools, modelled on a payments platform: read tools that list and fetch, write
 * tools that move money, each annotated the way MCP clients expect.
 */
final class DemoTools {

	private DemoTools() {
	}

	static final List<Map<String, Object>> DEFINITIONS = List.of(
			tool("get_balance", "Retrieve the account balance.", true, false, Map.of(), List.of()),
			tool("list_payment_intents", "List recent payment intents.", true, false,
					Map.of("limit", prop("integer", "How many to return (1-100).")), List.of()),
			tool("get_payment_intent", "Retrieve one payment intent.", true, false,
					Map.of("payment_intent", prop("string", "The payment intent id, e.g. pi_123.")),
					List.of("payment_intent")),
			tool("create_refund", "Refund a payment intent, fully or in part.", false, false,
					Map.of("payment_intent", prop("string", "The payment intent to refund."), "amount",
							prop("integer", "Amount in the smallest currency unit; default the full amount.")),
					List.of("payment_intent")),
			tool("cancel_payment_intent", "Cancel a payment intent that has not been captured.", false, true,
					Map.of("payment_intent", prop("string", "The payment intent to cancel.")),
					List.of("payment_intent")));

	/** The tool's data for these arguments, or {@code null} when the tool is unknown. */
	static Object call(String name, Map<String, Object> arguments) {
		boolean livemode = !Boolean.TRUE.equals(arguments.get("api_test_mode"));
		Object paymentIntent = arguments.getOrDefault("payment_intent", "pi_demo_1");
		switch (name) {
			case "get_balance":
				return ordered("object", "balance", "livemode", livemode, "available",
						List.of(ordered("amount", livemode ? 1_250_000 : 4_200, "currency", "usd")));
			case "list_payment_intents":
				return ordered("object", "list", "livemode", livemode, "data",
						List.of(intent("pi_demo_1", 2000, "succeeded", livemode),
								intent("pi_demo_2", 4999, "requires_capture", livemode)));
			case "get_payment_intent":
				return intent(String.valueOf(paymentIntent), 2000, "succeeded", livemode);
			case "create_refund":
				return ordered("object", "refund", "id", "re_demo_" + ThreadLocalRandom.current().nextInt(100_000, 999_999),
						"payment_intent", paymentIntent, "amount", arguments.getOrDefault("amount", 2000), "status",
						"succeeded", "livemode", livemode);
			case "cancel_payment_intent":
				return intent(String.valueOf(paymentIntent), 4999, "canceled", livemode);
			default:
				return null;
		}
	}

	private static Map<String, Object> intent(String id, int amount, String status, boolean livemode) {
		return ordered("object", "payment_intent", "id", id, "amount", amount, "currency", "usd", "status", status,
				"livemode", livemode);
	}

	private static Map<String, Object> tool(String name, String description, boolean readOnly, boolean destructive,
			Map<String, Object> properties, List<String> required) {
		Map<String, Object> schemaProperties = new LinkedHashMap<>(properties);
		schemaProperties.put("api_test_mode", prop("boolean", "true to work on test data, false for live data."));
		Map<String, Object> schema = ordered("type", "object", "properties", schemaProperties);
		if (!required.isEmpty()) {
			schema.put("required", required);
		}
		Map<String, Object> annotations = ordered("title", name.replace('_', ' '), "readOnlyHint", readOnly);
		if (!readOnly) {
			annotations.put("destructiveHint", destructive);
			annotations.put("idempotentHint", false);
		}
		annotations.put("openWorldHint", false);
		return ordered("name", name, "description", description, "inputSchema", schema, "annotations", annotations);
	}

	private static Map<String, Object> prop(String type, String description) {
		return ordered("type", type, "description", description);
	}

	static Map<String, Object> ordered(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}
}
