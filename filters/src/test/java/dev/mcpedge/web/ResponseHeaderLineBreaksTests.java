package dev.mcpedge.web;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The line-break check of response headers: the scan of the stored headers finds CR and LF in names
 * and values, and the walk names the first header with one, never its value.
 */
class ResponseHeaderLineBreaksTests {

	@Test
	void nettyHeadersScannedThenLineBreakFoundInValueOrName() {
		for (String value : new String[] { "a\r\nb", "a\nb", "a\rb", "\n" }) {
			io.netty.handler.codec.http.HttpHeaders stored = unvalidated();
			stored.add("X-One", "plain").add("X-Two", value).add("X-One", "plain too");
			assertThat(ResponseHeaderLineBreaks.anyLineBreak(stored)).as(value).isTrue();
		}
		io.netty.handler.codec.http.HttpHeaders name = unvalidated();
		name.add("X-Bad\r\nName", "plain");
		assertThat(ResponseHeaderLineBreaks.anyLineBreak(name)).isTrue();
		io.netty.handler.codec.http.HttpHeaders plain = unvalidated();
		plain.add("X-One", "plain").add("x-one", "plain, too").add("Content-Type", "application/json");
		assertThat(ResponseHeaderLineBreaks.anyLineBreak(plain)).isFalse();
		assertThat(ResponseHeaderLineBreaks.anyLineBreak(unvalidated())).isFalse();
	}

	@Test
	void storedAsMapThenLineBreakFound() {
		HttpHeaders headers = new HttpHeaders();
		headers.add("X-One", "plain");
		assertThat(ResponseHeaderLineBreaks.anyLineBreak(headers.asMultiValueMap())).isFalse();
		headers.add("X-One", "second\r\nline");
		assertThat(ResponseHeaderLineBreaks.anyLineBreak(headers.asMultiValueMap())).isTrue();
	}

	@Test
	void walkThenFirstHeaderWithLineBreakNamedNeverItsValue() {
		HttpHeaders headers = new HttpHeaders();
		headers.set("X-Plain", "value");
		assertThatNoException().isThrownBy(() -> ResponseHeaderLineBreaks.check(headers));
		headers.set("X-Secret", "token\nvalue");
		headers.set("X-Later", "a\rb");
		assertThatIllegalArgumentException().isThrownBy(() -> ResponseHeaderLineBreaks.check(headers))
			.withMessage("Invalid characters (CR/LF) in header X-Secret");
	}

	private static io.netty.handler.codec.http.HttpHeaders unvalidated() {
		return DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
	}
}
