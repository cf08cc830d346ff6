package dev.mcpedge.loadtests.stub;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * A trivial OAuth authorization server: its OpenID discovery document, a JWKS with one RSA key
 * generated at start, and RS256 access tokens signed with it, using only the JDK's crypto.
 */
final class Issuer {

	private static final String KEY_ID = "stub-1";

	private static final Duration TOKEN_LIFETIME = Duration.ofDays(1);

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final String id;

	private final KeyPair keys;

	Issuer(String id) {
		this.id = id;
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			this.keys = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The issuer identifier, the {@code iss} of its tokens. */
	String id() {
		return id;
	}

	String discovery() {
		return "{\"issuer\":\"" + id + "\",\"jwks_uri\":\"" + id + "/jwks\",\"authorization_endpoint\":\"" + id
				+ "/authorize\",\"token_endpoint\":\"" + id + "/token\",\"response_types_supported\":[\"code\"],"
				+ "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
	}

	String jwks() {
		RSAPublicKey key = (RSAPublicKey) keys.getPublic();
		return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + KEY_ID + "\",\"n\":\""
				+ base64url(key.getModulus()) + "\",\"e\":\"" + base64url(key.getPublicExponent()) + "\"}]}";
	}

	/** A token for {@code audience}; {@code organization} ({@code org_id}) and {@code scope} are optional. */
	String token(String audience, String subject, String organization, String scope) {
		Instant now = Instant.now();
		StringBuilder claims = new StringBuilder("{\"iss\":\"").append(id)
			.append("\",\"sub\":").append(Json.quote(subject))
			.append(",\"aud\":").append(Json.quote(audience))
			.append(",\"iat\":").append(now.getEpochSecond())
			.append(",\"exp\":").append(now.plus(TOKEN_LIFETIME).getEpochSecond());
		if (organization != null) {
			claims.append(",\"org_id\":").append(Json.quote(organization));
		}
		if (scope != null) {
			claims.append(",\"scope\":").append(Json.quote(scope));
		}
		String signed = encode("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}") + "."
				+ encode(claims.append('}').toString());
		try {
			Signature rs256 = Signature.getInstance("SHA256withRSA");
			rs256.initSign(keys.getPrivate());
			rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
			return signed + "." + BASE64URL.encodeToString(rs256.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String json) {
		return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

	/** The unsigned big-endian bytes of a JWK parameter (RFC 7518 §6.3.1). */
	private static String base64url(BigInteger value) {
		byte[] bytes = value.toByteArray();
		return BASE64URL.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
	}
}
