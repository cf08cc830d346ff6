package dev.mcpedge.loadtests.stub;

import tools.jackson.core.io.JsonStringEncoder;

final class Json {

	private Json() {
	}

	/** {@code text} as a JSON string literal. */
	static String quote(String text) {
		return "\"" + new String(JsonStringEncoder.getInstance().quoteAsCharArray(text)) + "\"";
	}
}
