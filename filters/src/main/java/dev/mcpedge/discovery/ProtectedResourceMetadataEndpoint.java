package dev.mcpedge.discovery;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.discovery.ProtectedResourceSettings.Resource;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.config.CorsRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * RFC 9728 protected resource metadata, one document per endpoint, served at
 * {@code /.well-known/oauth-protected-resource<endpoint path>} (also with the public URL's path
 * prefix in front of the endpoint path, for proxies that forward it) and, for the first OAuth
 * endpoint, at the bare well-known path. Readable cross-origin.
 */
public final class ProtectedResourceMetadataEndpoint {

	private final Map<String, byte[]> documents = new HashMap<>();

	private final byte[] rootDocument;

	public ProtectedResourceMetadataEndpoint(ProtectedResourceSettings settings, EndpointUrls urls, JsonMapper json) {
		for (Resource resource : settings.resources()) {
			byte[] document = json.writeValueAsBytes(document(settings, urls, resource));
			documents.put(resource.path(), document);
			documents.put(urls.basePath() + resource.path(), document);
		}
		this.rootDocument = documents.get(settings.primaryPath());
	}

	private static Map<String, Object> document(ProtectedResourceSettings settings, EndpointUrls urls, Resource resource) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("resource", urls.resource(resource.path()));
		if (resource.acceptsOAuth() && !settings.authorizationServers().isEmpty()) {
			document.put("authorization_servers", settings.authorizationServers());
			if (!settings.scopesSupported().isEmpty()) {
				document.put("scopes_supported", settings.scopesSupported());
			}
		}
		document.put("bearer_methods_supported", List.of("header"));
		document.put("resource_name", settings.resourceName());
		return document;
	}

	/**
	 * One route per document path, so the router decides which document a request gets (any other path
	 * is a 404); CORS is {@link #cors()}'s.
	 */
	public RouterFunction<ServerResponse> routes() {
		RouterFunctions.Builder routes = RouterFunctions.route()
			.GET(EndpointUrls.WELL_KNOWN, request -> metadata(rootDocument))
			.GET(EndpointUrls.WELL_KNOWN + "/", request -> metadata(rootDocument));
		documents.forEach((path, document) -> routes.GET(EndpointUrls.WELL_KNOWN + path, request -> metadata(document)));
		return routes.build();
	}

	/** Lets browser-based clients read the documents from any origin. */
	public static WebFluxConfigurer cors() {
		return new WebFluxConfigurer() {
			@Override
			public void addCorsMappings(CorsRegistry registry) {
				registry.addMapping(EndpointUrls.WELL_KNOWN + "/**")
					.allowedOrigins("*")
					.allowedMethods("GET", "OPTIONS")
					.allowedHeaders("*")
					.maxAge(86400);
			}
		};
	}

	private static Mono<ServerResponse> metadata(byte[] document) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.header("Cache-Control", "public, max-age=300")
			.bodyValue(document);
	}
}
