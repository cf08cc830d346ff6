package dev.mcpedge.gateway;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.McpJson;
import dev.mcpedge.gateway.support.RawHttp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that keep a connection open, and those that pipeline requests on it, get an answer to
 * every request, including one that follows a request refused before its body was read.
 */
class KeepAliveIntegrationTests extends GatewayTestSupport {

	private static final String BODY = McpJson.TOOLS_LIST;

	@Test
	void pipelinedRequestWhenAnsweredAtOnceThenTheNextRequestOnTheConnectionAnswered() throws Exception {
		backend.stubFor(post("/mcp").willReturn(aResponse().withFixedDelay(100).withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}")));
		String key = (String) createKey("org_a", "live", List.of()).get("key");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			InputStream in = socket.getInputStream();
			// in one write: a request that waits on the backend, and one refused at once before its body is read
			out.write((request("/api/mcp", key) + request("/api/mcp?api_key=" + key, null)).getBytes(StandardCharsets.US_ASCII));
			assertThat(readOneResponse(in)).startsWith("HTTP/1.1 200");
			assertThat(readOneResponse(in)).startsWith("HTTP/1.1 400");
			// then the next request on the same connection
			out.write(request("/api/mcp", key).getBytes(StandardCharsets.US_ASCII));
			assertThat(readOneResponse(in)).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void requestsOneAfterAnotherOnOneConnectionAfterRefusalsThenAllAnswered() throws Exception {
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}")));
		String key = (String) createKey("org_a", "live", List.of()).get("key");
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(5000);
			for (int i = 0; i < 20; i++) {
				boolean refused = i % 2 == 0;
				socket.getOutputStream().write(request(refused ? "/api/mcp?api_key=" + key : "/api/mcp", refused ? null : key)
					.getBytes(StandardCharsets.US_ASCII));
				assertThat(readOneResponse(socket.getInputStream())).as("response %d", i)
					.startsWith(refused ? "HTTP/1.1 400" : "HTTP/1.1 200");
			}
		}
	}

	private static String request(String path, String key) {
		return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
				+ "Accept: application/json, text/event-stream\r\n"
				+ (key != null ? "Authorization: Bearer " + key + "\r\n" : "")
				+ "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
	}

	/** The head of the next response; its body (Content-Length or chunked) is read and dropped. */
	private static String readOneResponse(InputStream in) throws Exception {
		String head = RawHttp.readUntil(in, "\r\n\r\n");
		Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
		if (length.find()) {
			in.readNBytes(Integer.parseInt(length.group(1)));
		}
		else { // chunked: read to the terminating zero-length chunk
			StringBuilder chunks = new StringBuilder();
			while (!chunks.toString().endsWith("\r\n0\r\n\r\n") && !chunks.toString().equals("0\r\n\r\n")) {
				int c = in.read();
				if (c == -1) {
					throw new AssertionError("connection closed within a chunked body:\n" + head + chunks);
				}
				chunks.append((char) c);
			}
		}
		return head;
	}
}
