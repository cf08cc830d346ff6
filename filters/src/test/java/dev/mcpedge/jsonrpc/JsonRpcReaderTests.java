package dev.mcpedge.jsonrpc;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.mcpedge.jsonrpc.JsonRpcMessage.TestMode;

import static org.assertj.core.api.Assertions.assertThat;

class JsonRpcReaderTests {

	private final JsonRpcReader reader = new JsonRpcReader("api_test_mode");

	private JsonRpcBody read(String json) {
		JsonRpcReader.Result result = reader.read(json.getBytes(StandardCharsets.UTF_8));
		assertThat(result).isInstanceOf(JsonRpcReader.Read.class);
		return ((JsonRpcReader.Read) result).body();
	}

	private JsonRpcError refused(String json) {
		JsonRpcReader.Result result = reader.read(json.getBytes(StandardCharsets.UTF_8));
		assertThat(result).isInstanceOf(JsonRpcReader.Refused.class);
		return ((JsonRpcReader.Refused) result).error();
	}

	@Test
	void readWhenToolCallThenNameIdTestModeAndOffsets() {
		String json = "{\"jsonrpc\":\"2.0\",\"id\":\"a\\\"b\",\"method\":\"tools/call\",\"params\":{\"name\":\"create_refund\","
				+ "\"arguments\":{\"amount\":5,\"api_test_mode\":false}}}";
		JsonRpcMessage message = read(json).messages().get(0);
		assertThat(message.method()).isEqualTo("tools/call");
		assertThat(message.id()).isEqualTo("\"a\\\"b\"");
		assertThat(message.name()).isEqualTo("create_refund");
		assertThat(message.testMode()).isEqualTo(TestMode.FALSE);
		assertThat(json.charAt(message.argumentsEnd())).isEqualTo('}');
		assertThat(json.substring(message.argumentsStart(), message.argumentsEnd() + 1))
			.isEqualTo("{\"amount\":5,\"api_test_mode\":false}");
		assertThat(json.charAt(message.paramsEnd())).isEqualTo('}');
		assertThat(message.argumentsEmpty()).isFalse();
	}

	@Test
	void readWhenMultibyteCharactersBeforeThenOffsetsAreByteOffsets() {
		String json = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
				+ "\"arguments\":{\"text\":\"héllo ✓ 🙂\"}}}";
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		JsonRpcMessage message = ((JsonRpcReader.Read) reader.read(bytes)).body().messages().get(0);
		assertThat((char) bytes[message.argumentsEnd()]).isEqualTo('}');
		assertThat((char) bytes[message.argumentsEnd() - 1]).isEqualTo('"');
	}

	@Test
	void readWhenTestModeAbsentOrNotBooleanThenSaid() {
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}").messages().get(0))
			.satisfies(m -> {
				assertThat(m.testMode()).isEqualTo(TestMode.ABSENT);
				assertThat(m.argumentsEnd()).isEqualTo(-1);
				assertThat(m.paramsEmpty()).isFalse();
			});
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":"
				+ "{\"api_test_mode\":\"true\"}}}").messages().get(0).testMode()).isEqualTo(TestMode.NOT_BOOLEAN);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":"
				+ "{\"nested\":{\"api_test_mode\":false}}}}").messages().get(0).testMode()).as("only top-level arguments count")
			.isEqualTo(TestMode.ABSENT);
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":null}}")
			.messages().get(0).argumentsMalformed()).isTrue();
	}

	@Test
	void readWhenBatchThenEveryMessageAndKinds() {
		JsonRpcBody body = read("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"},{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\"},"
				+ "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":{}}]");
		assertThat(body.batch()).isTrue();
		assertThat(body.messages()).extracting(JsonRpcMessage::isRequest).containsExactly(true, false, false);
	}

	@Test
	void readWhenDuplicateMemberAnywhereThenInvalidRequest() {
		for (String json : new String[] { "{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"ping\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"get_balance\",\"name\":\"create_refund\"}}",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\",\"arguments\":{\"api_test_mode\":true,\"api_test_mode\":false}}}",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":{\"deep\":[{\"a\":1,\"a\":2}]}}" }) {
			JsonRpcError error = refused(json);
			assertThat(error.code()).isEqualTo(JsonRpcError.INVALID_REQUEST);
			assertThat(error.message()).contains("duplicate member");
		}
	}

	@Test
	void readWhenMalformedJsonThenParseError() {
		for (String json : new String[] { "", "{", "{\"jsonrpc\":\"2.0\",}", "{\"jsonrpc\":\"2.0\",\"method\":\"n\"} {\"b\":2}", "{'jsonrpc':'2.0'}",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} x", "[{\"jsonrpc\":\"2.0\",", "{\"id\":NaN}" }) {
			assertThat(refused(json).code()).as(json).isEqualTo(JsonRpcError.PARSE_ERROR);
		}
	}

	@Test
	void readWhenJsonButNotJsonRpcThenInvalidRequest() {
		for (String json : new String[] { "[]", "42", "\"ping\"", "[1]", "{}", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"ping\"}", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}",
				"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\",\"params\":3}",
				"{\"jsonrpc\":\"2.0\",\"id\":1}" }) {
			assertThat(refused(json).code()).as(json).isEqualTo(JsonRpcError.INVALID_REQUEST);
		}
	}

	@Test
	void readWhenInvalidUtf8ThenParseError() {
		byte[] body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"p\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
		assertThat(reader.read(body)).isInstanceOf(JsonRpcReader.Refused.class);
	}

	@Test
	void readWhenResourcesReadThenMcpNameIsTheUriAndTheMetaVersionIsKept() {
		JsonRpcMessage message = read("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"resources/read\",\"params\":{\"name\":\"n\","
				+ "\"uri\":\"file:///a.pdf\",\"_meta\":{\"other\":{\"x\":[1]},\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}")
			.messages().get(0);
		assertThat(message.uri()).isEqualTo("file:///a.pdf");
		assertThat(message.mcpName()).isEqualTo("file:///a.pdf");
		assertThat(message.protocolVersion()).isEqualTo("2026-07-28");
	}

	@Test
	void readWhenToolCallOrPromptThenMcpNameIsTheName() {
		assertThat(read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"prompts/get\",\"params\":{\"name\":\"p\",\"uri\":\"u\"}}")
			.messages().get(0).mcpName()).isEqualTo("p");
		JsonRpcMessage call = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"t\"}}")
			.messages().get(0);
		assertThat(call.mcpName()).isEqualTo("t");
		assertThat(call.protocolVersion()).isNull();
	}

	@Test
	void isStatelessWhen2026OrLaterByHeaderOrMetaThenTrue() {
		JsonRpcMessage plain = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}").messages().get(0);
		assertThat(ProtocolVersions.isStateless("2026-07-28", plain)).isTrue();
		assertThat(ProtocolVersions.isStateless("2027-01-01", plain)).isTrue();
		assertThat(ProtocolVersions.isStateless("2025-11-25", plain)).isFalse();
		assertThat(ProtocolVersions.isStateless("draft", plain)).isFalse();
		assertThat(ProtocolVersions.isStateless(null, plain)).isFalse();
		JsonRpcMessage meta = read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"_meta\":"
				+ "{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}}}").messages().get(0);
		assertThat(ProtocolVersions.isStateless(null, meta)).isTrue();
	}
}
