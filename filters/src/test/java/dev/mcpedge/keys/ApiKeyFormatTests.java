package dev.mcpedge.keys;

import dev.mcpedge.identity.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ApiKeyFormatTests {

	private final ApiKeyFormat format = new ApiKeyFormat("fsk_", "fsk_test_");

	@Test
	void generateWhenTestModeThenTestPrefixIssuedShapeAndTestMode() {
		String key = format.generate(Mode.TEST);
		assertThat(key).startsWith("fsk_test_").hasSize("fsk_test_".length() + 32 + 6).matches("fsk_test_[0-9A-Za-z]{38}");
		assertThat(format.shape(key)).isEqualTo(ApiKeyFormat.Shape.ISSUED);
		assertThat(format.modeOf(key)).isEqualTo(Mode.TEST);
	}

	@Test
	void generateWhenLiveModeThenLongerTestPrefixDoesNotCaptureIt() {
		String key = format.generate(Mode.LIVE);
		assertThat(key).startsWith("fsk_").doesNotStartWith("fsk_test_");
		assertThat(format.shape(key)).isEqualTo(ApiKeyFormat.Shape.ISSUED);
		assertThat(format.modeOf(key)).isEqualTo(Mode.LIVE);
	}

	@Test
	void formatWhenTestPrefixEmptyThenTestModeOffAndEveryKnownKeyLive() {
		ApiKeyFormat single = new ApiKeyFormat("cf_ak_", "");
		assertThat(single.testMode()).isFalse();
		assertThat(format.testMode()).isTrue();
		String key = single.generate(Mode.LIVE);
		assertThat(key).matches("cf_ak_[0-9A-Za-z]{38}");
		assertThat(single.shape(key)).isEqualTo(ApiKeyFormat.Shape.ISSUED);
		assertThat(single.modeOf(key)).isEqualTo(Mode.LIVE);
		assertThat(single.redact(key)).isEqualTo("cf_ak_..." + key.substring(key.length() - 4));
		assertThat(single.hasKnownPrefix("eyJhbGciOiJSUzI1NiJ9.x.y")).isFalse();
		assertThat(single.modeOf("eyJhbGciOiJSUzI1NiJ9.x.y")).isNull();
		assertThatIllegalStateException().isThrownBy(() -> single.generate(Mode.TEST))
			.withMessageContaining("mcp-edge.api-keys.test-prefix");
		assertThat(new ApiKeyFormat("cf_ak_", null).testMode()).isFalse();
	}

	@Test
	void generateWhenCalledTwiceThenDifferentSecrets() {
		assertThat(format.generate(Mode.LIVE)).isNotEqualTo(format.generate(Mode.LIVE));
	}

	@Test
	void shapeWhenOneCharacterChangedThenBadChecksum() {
		String key = format.generate(Mode.TEST);
		int i = "fsk_test_".length() + 5;
		char changed = key.charAt(i) == 'a' ? 'b' : 'a';
		String mistyped = key.substring(0, i) + changed + key.substring(i + 1);
		assertThat(format.shape(mistyped)).isEqualTo(ApiKeyFormat.Shape.BAD_CHECKSUM);
	}

	@Test
	void shapeWhenChecksumChangedThenBadChecksum() {
		String key = format.generate(Mode.LIVE);
		String forged = key.substring(0, key.length() - 1) + (key.endsWith("0") ? "1" : "0");
		assertThat(format.shape(forged)).isEqualTo(ApiKeyFormat.Shape.BAD_CHECKSUM);
	}

	@Test
	void shapeWhenNotIssuedFormatThenOther() {
		assertThat(format.shape("sk_live_imported_from_elsewhere")).isEqualTo(ApiKeyFormat.Shape.OTHER);
		assertThat(format.shape("fsk_tooShort")).isEqualTo(ApiKeyFormat.Shape.OTHER);
		assertThat(format.modeOf("sk_live_imported")).isNull();
	}

	@Test
	void shapeWhenControlCharactersOrHugeThenMalformed() {
		assertThat(format.shape("fsk_abc\u0000def")).isEqualTo(ApiKeyFormat.Shape.MALFORMED);
		assertThat(format.shape("x".repeat(513))).isEqualTo(ApiKeyFormat.Shape.MALFORMED);
	}

	@Test
	void checksumWhenKnownInputThenStableBase62OfCrc32() {
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update("fsk_test_abc".getBytes());
		long value = crc.getValue();
		String expected = "";
		String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
		for (int i = 0; i < 6; i++) {
			expected = alphabet.charAt((int) (value % 62)) + expected;
			value /= 62;
		}
		assertThat(ApiKeyFormat.checksum("fsk_test_abc")).isEqualTo(expected).hasSize(6);
	}

	@Test
	void redactWhenIssuedKeyThenPrefixAndLastFourOnly() {
		String key = format.generate(Mode.TEST);
		assertThat(format.redact(key)).isEqualTo("fsk_test_..." + key.substring(key.length() - 4));
	}

	@Test
	void constructorWhenSamePrefixesThenErrorNamesTheSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeyFormat("k_", "k_"))
			.withMessageContaining("mcp-edge.api-keys.live-prefix");
	}
}
