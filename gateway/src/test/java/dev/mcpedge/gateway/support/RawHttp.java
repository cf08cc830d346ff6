package dev.mcpedge.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request written byte for byte on its own connection, so that a path reaches the server
 * exactly as spelt here (HTTP clients encode or normalize paths on their own), and its answer. The
 * connection stays open until the answer is read: a server that closes a connection with unread request
 * bytes resets it, which could lose the answer.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** The answer: status, headers (lower-case names, last value wins) and body. */
	public record Response(int status, Map<String, String> headers, String body) {

		public String header(String name) {
			return headers.get(name.toLowerCase(Locale.ROOT));
		}
	}

	/** Sends the request, with a {@code Content-Length} when there is a body, and reads the answer. */
	public static Response exchange(int port, String method, String rawPath, Map<String, String> headers, String body)
			throws IOException {
		Map<String, String> all = new LinkedHashMap<>(headers);
		if (body != null) {
			all.put("Content-Length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
		}
		return exchangeFramed(port, method, rawPath, all, body == null ? "" : body);
	}

	/** Sends the head and then {@code content} as it is, framed by the headers given (e.g. chunked). */
	public static Response exchangeFramed(int port, String method, String rawPath, Map<String, String> headers,
			String content) throws IOException {
		StringBuilder request = new StringBuilder(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
			.append("Host: 127.0.0.1:").append(port).append("\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n").append(content);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			return read(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new IOException(method + " " + rawPath + ": " + ex.getMessage(), ex);
		}
	}

	private static Response read(InputStream in) throws IOException {
		String head = readUntil(in, "\r\n\r\n");
		String[] lines = head.split("\r\n");
		int status = Integer.parseInt(lines[0].split(" ")[1]);
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (headers.containsKey("content-length")) {
			body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
		}
		else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			for (int size; (size = Integer.parseInt(readUntil(in, "\r\n").split(";")[0].trim(), 16)) > 0;) {
				body.write(in.readNBytes(size));
				readUntil(in, "\r\n");
			}
			readUntil(in, "\r\n");
		}
		else {
			in.transferTo(body);
		}
		return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
	}

	/**
	 * Reads up to and including {@code end}; returns what came before it. Also for tests that read
	 * several answers from one kept-alive connection; what was received is in the error either way.
	 */
	public static String readUntil(InputStream in, String end) throws IOException {
		StringBuilder text = new StringBuilder();
		while (text.length() < end.length() || !text.substring(text.length() - end.length()).equals(end)) {
			int c;
			try {
				c = in.read();
			}
			catch (SocketTimeoutException ex) {
				throw new SocketTimeoutException("nothing more within the read timeout; received so far: " + text);
			}
			if (c == -1) {
				throw new IOException("connection closed; received: " + text);
			}
			text.append((char) c);
		}
		return text.substring(0, text.length() - end.length());
	}
}
