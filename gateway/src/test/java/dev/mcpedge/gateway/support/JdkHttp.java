package dev.mcpedge.gateway.support;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Sends a request with the JDK's HTTP client (cookies and redirects as the client is set up) within 10 s. */
public final class JdkHttp {

	private JdkHttp() {
	}

	/** The response as text; an I/O failure or an interrupt is an {@link IllegalStateException}. */
	public static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}
}
