package dev.mcpedge.auth;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class BearerCredentialTests {

	@Test
	void ofWhenOneBearerHeaderThenPresent() {
		var request = MockServerHttpRequest.post("/api/mcp").header("Authorization", "Bearer abc123").build();
		assertThat(BearerCredential.of(request)).isEqualTo(new BearerCredential.Present("abc123"));
	}

	@Test
	void ofWhenSchemeInOtherCaseThenPresent() {
		var request = MockServerHttpRequest.post("/api/mcp").header("Authorization", "bearer abc123").build();
		assertThat(BearerCredential.of(request)).isEqualTo(new BearerCredential.Present("abc123"));
	}

	@Test
	void ofWhenNoHeaderOrOtherSchemeThenNone() {
		assertThat(BearerCredential.of(MockServerHttpRequest.post("/api/mcp").build())).isInstanceOf(BearerCredential.None.class);
		var basic = MockServerHttpRequest.post("/api/mcp").header("Authorization", "Basic dXNlcjpwYXNz").build();
		assertThat(BearerCredential.of(basic)).isInstanceOf(BearerCredential.None.class);
	}

	@Test
	void ofWhenTwoHeadersOrTwoValuesThenMalformed() {
		var twoHeaders = MockServerHttpRequest.post("/api/mcp").header("Authorization", "Bearer a", "Bearer b").build();
		assertThat(BearerCredential.of(twoHeaders)).isEqualTo(new BearerCredential.Malformed("more than one Authorization header"));
		var twoValues = MockServerHttpRequest.post("/api/mcp").header("Authorization", "Bearer a, Bearer b").build();
		assertThat(BearerCredential.of(twoValues)).isEqualTo(new BearerCredential.Malformed("more than one bearer credential"));
	}

	@Test
	void ofWhenKeyInQueryStringThenMalformedEvenWithHeader() {
		var request = MockServerHttpRequest.post("/api/mcp?api_key=abc").header("Authorization", "Bearer abc").build();
		assertThat(BearerCredential.of(request)).isInstanceOf(BearerCredential.Malformed.class);
		var accessToken = MockServerHttpRequest.post("/api/mcp?access_token=abc").build();
		assertThat(BearerCredential.of(accessToken)).isInstanceOf(BearerCredential.Malformed.class);
	}

	@Test
	void ofWhenEmptyBearerThenMalformed() {
		var request = MockServerHttpRequest.post("/api/mcp").header("Authorization", "Bearer   ").build();
		assertThat(BearerCredential.of(request)).isEqualTo(new BearerCredential.Malformed("empty bearer credential"));
	}
}
