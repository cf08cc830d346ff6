package dev.mcpedge.gateway.admin;

import java.net.URI;
import java.util.Map;

import reactor.core.publisher.Mono;

import dev.mcpedge.keys.ApiKeyRecord;
import dev.mcpedge.keys.ApiKeys;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key part of the admin API (DESIGN §7, §8); access is checked by {@link AdminAccessFilter},
 * refusals are rendered by the edge's error handler.
 */
@RestController
@RequestMapping(path = "/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminKeysController {

	private final ApiKeys apiKeys;

	private final KeyRequests requests;

	AdminKeysController(ApiKeys apiKeys, KeyRequests requests) {
		this.apiKeys = apiKeys;
		this.requests = requests;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody(required = false) byte[] body) {
		return Mono.fromSupplier(() -> requests.newKey(body))
			.flatMap(apiKeys::create)
			.map(issued -> withSecret(HttpStatus.CREATED, issued.record().id(), requests.issued(issued)));
	}

	@PostMapping(path = "/import", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<ApiKeyRecord>> importKey(@RequestBody(required = false) byte[] body) {
		return Mono.fromSupplier(() -> requests.importedKey(body))
			.flatMap(apiKeys::importKey)
			.map(record -> ResponseEntity.created(URI.create("/admin/keys/" + record.id())).body(record));
	}

	@GetMapping
	Mono<Map<String, Object>> list(@RequestParam(required = false) String organizationId) {
		return apiKeys.list(organizationId).collectList().map(keys -> Map.of("data", keys));
	}

	@GetMapping("/{id}")
	Mono<ApiKeyRecord> get(@PathVariable String id) {
		return apiKeys.find(id);
	}

	@PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	Mono<ApiKeyRecord> update(@PathVariable String id, @RequestBody(required = false) byte[] body) {
		return Mono.fromSupplier(() -> requests.update(body)).flatMap(update -> apiKeys.update(id, update));
	}

	@PostMapping("/{id}/revoke")
	Mono<ApiKeyRecord> revoke(@PathVariable String id) {
		return apiKeys.revoke(id);
	}

	@PostMapping("/{id}/roll")
	Mono<ResponseEntity<Map<String, Object>>> roll(@PathVariable String id, @RequestBody(required = false) byte[] body) {
		return Mono.fromSupplier(() -> requests.gracePeriod(body))
			.flatMap(grace -> apiKeys.roll(id, grace))
			.map(issued -> withSecret(HttpStatus.OK, id, requests.issued(issued)));
	}

	private static ResponseEntity<Map<String, Object>> withSecret(HttpStatus status, String id, Map<String, Object> body) {
		return ResponseEntity.status(status)
			.location(URI.create("/admin/keys/" + id))
			.header("Cache-Control", "no-store")
			.body(body);
	}
}
