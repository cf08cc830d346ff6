package dev.mcpedge.gateway.admin;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import dev.mcpedge.errors.EdgeErrorException;
import dev.mcpedge.errors.EdgeErrors;
import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.ApiKeys;
import dev.mcpedge.keys.IssuedApiKey;
import dev.mcpedge.keys.NewApiKey;
import dev.mcpedge.keys.RateLimit;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The key part of the admin API (DESIGN §7, §8); access is checked by {@link AdminAccessFilter}. */
@RestController
@RequestMapping(path = "/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminKeysController {

	private final ApiKeys apiKeys;

	private final JsonMapper json;

	private final ObjectReader newKeyReader;

	AdminKeysController(ApiKeys apiKeys, JsonMapper json) {
		this.apiKeys = apiKeys;
		this.json = json;
		// A misspelt field ("scope") must fail loudly, not issue a key with full access.
		this.newKeyReader = json.readerFor(NewApiKey.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody(required = false) byte[] body) {
		NewApiKey request = parse(body);
		return apiKeys.create(request).map(this::created);
	}

	@GetMapping
	Mono<Map<String, Object>> list(@RequestParam(required = false) String organizationId) {
		if (organizationId == null || organizationId.isBlank()) {
			throw invalid("organizationId query parameter is required");
		}
		return apiKeys.list(organizationId).collectList().map(keys -> Map.of("data", keys));
	}

	@GetMapping("/{id}")
	Mono<ApiKeyRecord> get(@PathVariable String id) {
		return apiKeys.find(id).switchIfEmpty(Mono.error(() -> unknown(id)));
	}

	@PostMapping("/{id}/revoke")
	Mono<ApiKeyRecord> revoke(@PathVariable String id) {
		return apiKeys.revoke(id).switchIfEmpty(Mono.error(() -> unknown(id)));
	}

	private ResponseEntity<Map<String, Object>> created(IssuedApiKey issued) {
		Map<String, Object> body = new LinkedHashMap<>(json.convertValue(issued.record(), new TypeReference<Map<String, Object>>() {
		}));
		body.put("key", issued.secret());
		return ResponseEntity.status(HttpStatus.CREATED)
			.location(URI.create("/admin/keys/" + issued.record().id()))
			.header("Cache-Control", "no-store")
			.body(body);
	}

	private NewApiKey parse(byte[] body) {
		if (body == null || body.length == 0) {
			throw invalid("a JSON body is required");
		}
		NewApiKey request;
		try {
			request = newKeyReader.readValue(body);
		}
		catch (JacksonException ex) {
			throw invalid("invalid key request: " + ex.getOriginalMessage());
		}
		if (request.organizationId() == null || request.organizationId().isBlank()) {
			throw invalid("organizationId is required");
		}
		validateList("organizations", request.organizations());
		validateList("scopes", request.scopes());
		RateLimit rateLimit = request.rateLimit();
		if (rateLimit != null && (rateLimit.replenishRate() < 1 || rateLimit.burstCapacity() < rateLimit.replenishRate())) {
			throw invalid("rateLimit needs replenishRate >= 1 and burstCapacity >= replenishRate (got "
					+ rateLimit.replenishRate() + ", " + rateLimit.burstCapacity() + ")");
		}
		return request;
	}

	private static void validateList(String name, List<String> values) {
		if (values != null && values.stream().anyMatch(v -> v == null || v.isBlank())) {
			throw invalid(name + " must not contain empty values");
		}
	}

	private static EdgeErrorException invalid(String description) {
		return new EdgeErrorException(EdgeErrors.invalidRequest(description));
	}

	private static EdgeErrorException unknown(String id) {
		return new EdgeErrorException(EdgeErrors.notFound("no key with id " + id));
	}
}
