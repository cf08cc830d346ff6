package dev.mcpedge.discovery;

import java.net.URI;

/**
 * Public URLs of endpoints, built from {@code mcp-edge.public-url} and never from the {@code Host}
 * header. With a public URL of {@code https://api.example.com/v1}, endpoint {@code /api/mcp/oauth} has
 * resource {@code https://api.example.com/v1/api/mcp/oauth} and metadata at
 * {@code https://api.example.com/.well-known/oauth-protected-resource/v1/api/mcp/oauth} (RFC 9728 §3.1).
 */
public final class EndpointUrls {

	/** Path of the protected resource metadata documents. */
	public static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

	private final String base;

	private final String origin;

	private final String basePath;

	public EndpointUrls(URI publicUrl) {
		String url = publicUrl.toString();
		this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		String path = publicUrl.getRawPath() == null ? "" : publicUrl.getRawPath();
		this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
		this.origin = base.substring(0, base.length() - basePath.length());
	}

	/** The resource identifier of an endpoint: the URL clients call. */
	public String resource(String endpointPath) {
		return base + endpointPath;
	}

	/** The absolute URL of an endpoint's protected resource metadata. */
	public String metadata(String endpointPath) {
		return origin + WELL_KNOWN + basePath + endpointPath;
	}

	/** The path prefix of the public URL, {@code ""} when there is none. */
	public String basePath() {
		return basePath;
	}
}
