package dev.mcpedge.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mcpedge.gateway.support.GatewayTestSupport;
import dev.mcpedge.gateway.support.RawHttp;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a client sees of the server's connection hygiene: idle connections are closed, a request
 * that does not arrive whole in time gets 408, a response being streamed is not cut, and
 * connections beyond the cap are closed at once. The timeouts are short here: idle 1 s, request
 * read 0.7 s. As with the defaults (75 s, 60 s) the request read timeout is the shorter: Reactor
 * Netty's idle timer sits behind the HTTP codec, so it also closes a connection whose request head
 * does not complete in time, without an answer.
 */
@TestPropertySource(properties = { "server.netty.idle-timeout=1s", "mcp-edge.server.request-read-timeout=700ms",
		"mcp-edge.server.max-connections=5" })
@ExtendWith(OutputCaptureExtension.class)
class ConnectionHygieneIntegrationTests extends GatewayTestSupport {

	private static final String CALL = """
			{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"slow"}}""";

	private static final String LIVENESS = "GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

	@Autowired
	MeterRegistry meters;

	@Test
	void connectionWhenNothingSentThenClosedAfterIdleTimeout() throws Exception {
		try (Socket socket = connect()) {
			long start = System.nanoTime();
			assertThat(readUntilClosed(socket.getInputStream())).isEmpty();
			assertThat(millisSince(start)).as("closed after the 1 s idle timeout").isBetween(900L, 3000L);
		}
	}

	@Test
	void keepAliveConnectionWhenIdleAfterAResponseThenClosedAfterIdleTimeout() throws Exception {
		try (Socket socket = connect()) {
			send(socket, LIVENESS);
			Response response = readResponse(socket.getInputStream());
			long start = System.nanoTime();
			assertThat(response.head()).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
			assertThat(readUntilClosed(socket.getInputStream())).isEmpty();
			assertThat(millisSince(start)).as("closed after the 1 s idle timeout").isBetween(900L, 3000L);
		}
	}

	@Test
	void requestWhenHeadersTrickleInThenRequestTimeoutAfterTheRequestReadTimeout() throws Exception {
		try (Socket socket = connect()) {
			long start = System.nanoTime();
			send(socket, "GET /actuator/health/liveness HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
			// one header byte every 300 ms: never idle for 1 s, never a whole request head
			Thread trickle = new Thread(() -> {
				try {
					while (!Thread.currentThread().isInterrupted()) {
						Thread.sleep(300);
						send(socket, "a");
					}
				}
				catch (IOException | InterruptedException ex) {
					// closed by the server, or the test is done
				}
			});
			trickle.start();
			try {
				String received = readUntilClosed(socket.getInputStream());
				assertThat(millisSince(start)).as("after the 0.7 s request read timeout").isBetween(650L, 3000L);
				assertThat(received).startsWith("HTTP/1.1 408").endsWith("{\"error\":\"request_timeout\"}");
			}
			finally {
				trickle.interrupt();
				trickle.join(1000);
			}
		}
	}

	@Test
	void requestWhenBodyNeverCompletesThenRequestTimeoutWithJsonBodyAndNothingForwarded(CapturedOutput output)
			throws Exception {
		String key = (String) createKey("org_hygiene", "test", List.of()).get("key");
		try (Socket socket = connect()) {
			long start = System.nanoTime();
			send(socket, "POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Accept: application/json, text/event-stream\r\nAuthorization: Bearer " + key + "\r\n"
					+ "Content-Length: " + (CALL.length() + 10) + "\r\n\r\n" + CALL);
			Response response = readResponse(socket.getInputStream());
			assertThat(millisSince(start)).as("after the 0.7 s request read timeout").isBetween(650L, 3000L);
			assertThat(response.head()).startsWith("HTTP/1.1 408")
				.containsIgnoringCase("content-type: application/json")
				.containsIgnoringCase("connection: close");
			assertThat(response.body()).isEqualTo("{\"error\":\"request_timeout\"}");
			assertThat(readUntilClosed(socket.getInputStream())).isEmpty();
		}
		backend.verify(0, postRequestedFor(urlEqualTo("/mcp")));
		Thread.sleep(300); // the edge notices the closed connection on its own time
		assertThat(output.getOut()).as("a client going away is no server error").doesNotContain("Unexpected error");
	}

	@Test
	void streamWhenAnsweredLongerThanBothTimeoutsThenNotCut() throws Exception {
		// two chunks 1.5 s apart: the response lasts longer than the request read timeout, and its pause
		// is longer than the idle timeout
		backend.stubFor(post("/mcp").willReturn(aResponse().withHeader("Content-Type", "text/event-stream")
			.withBody("id: 1\nevent: message\ndata: first\n\nid: 2\nevent: message\ndata: second\n\n")
			.withChunkedDribbleDelay(2, 3000)));
		String key = (String) createKey("org_hygiene", "test", List.of()).get("key");
		try (Socket socket = connect()) {
			long start = System.nanoTime();
			send(socket, "POST /api/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
					+ "Accept: application/json, text/event-stream\r\nAuthorization: Bearer " + key + "\r\n"
					+ "Content-Length: " + CALL.length() + "\r\n\r\n" + CALL);
			Response response = readResponse(socket.getInputStream());
			assertThat(response.head()).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream");
			assertThat(response.body()).contains("data: first").contains("data: second");
			assertThat(millisSince(start)).as("the stream outlasted both timeouts").isGreaterThan(1400L);
		}
	}

	@Test
	void connectionsWhenAtTheCapThenNextClosedAtOnceCountedAndAcceptedAgainAfterOthersClose() throws Exception {
		// connections of earlier tests and of the test client's pool go after the 1 s idle timeout
		awaitOpenConnections(0);
		double refusedBefore = meters.get("mcp.edge.connections.refused").functionCounter().count();
		List<Socket> held = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				held.add(connect());
			}
			awaitOpenConnections(5);

			try (Socket refused = connect()) {
				long start = System.nanoTime();
				assertThat(readUntilClosed(refused.getInputStream())).isEmpty();
				assertThat(millisSince(start)).as("closed at once").isLessThan(500L);
			}

			held.remove(0).close();
			awaitOpenConnections(4);
			try (Socket socket = connect()) {
				send(socket, "GET /actuator/prometheus HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
				Response scrape = readResponse(socket.getInputStream());
				assertThat(scrape.head()).startsWith("HTTP/1.1 200");
				assertThat(sample(scrape.body(), "mcp_edge_connections_open")).as("4 held and this one").isEqualTo(5);
				assertThat(sample(scrape.body(), "mcp_edge_connections_refused_total")).isEqualTo(refusedBefore + 1);
			}
		}
		finally {
			for (Socket socket : held) {
				socket.close();
			}
		}
		awaitOpenConnections(0);
		try (Socket socket = connect()) {
			send(socket, LIVENESS);
			assertThat(readResponse(socket.getInputStream()).head()).startsWith("HTTP/1.1 200");
		}
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket("127.0.0.1", port);
		socket.setSoTimeout(5000);
		return socket;
	}

	private static void send(Socket socket, String text) throws IOException {
		OutputStream out = socket.getOutputStream();
		out.write(text.getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

	private static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	private void awaitOpenConnections(int expected) throws InterruptedException {
		IntSupplier open = () -> (int) meters.get("mcp.edge.connections.open").gauge().value();
		long deadline = System.nanoTime() + 3_000_000_000L;
		while (open.getAsInt() != expected && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(open.getAsInt()).as("open connections").isEqualTo(expected);
	}

	/** Everything received until the server closes the connection (end of stream or reset). */
	private static String readUntilClosed(InputStream in) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int n; (n = in.read(buffer)) != -1;) {
				received.write(buffer, 0, n);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("connection still open after 5 s; received: " + received);
		}
		catch (SocketException ex) {
			// reset by the server: closed too
		}
		return received.toString(StandardCharsets.US_ASCII);
	}

	/** The value of the sample whose line starts with {@code series}. */
	private static double sample(String scrape, String series) {
		Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
		assertThat(m.find()).as("%s in the scrape", series).isTrue();
		return Double.parseDouble(m.group(1));
	}

	private record Response(String head, String body) {
	}

	/** The next response, its body read by Content-Length or decoded from chunks. */
	private static Response readResponse(InputStream in) throws IOException {
		String head = RawHttp.readUntil(in, "\r\n\r\n");
		Matcher length = Pattern.compile("(?im)^content-length: *(\\d+)").matcher(head);
		if (length.find()) {
			return new Response(head, new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8));
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (int size; (size = Integer.parseInt(RawHttp.readUntil(in, "\r\n").trim(), 16)) > 0;) {
			body.write(in.readNBytes(size));
			RawHttp.readUntil(in, "\r\n");
		}
		RawHttp.readUntil(in, "\r\n");
		return new Response(head, body.toString(StandardCharsets.UTF_8));
	}
}
