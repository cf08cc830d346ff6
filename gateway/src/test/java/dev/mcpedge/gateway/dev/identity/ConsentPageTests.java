package dev.mcpedge.gateway.dev.identity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the consent page shows a name a client chose for itself: a right-to-left override or other
 * invisible formatting cannot turn the page's sentence around, and a long name cannot push the
 * addresses out of sight.
 */
class ConsentPageTests {

	@Test
	void shownWhenNameHasFormatOrControlCharactersThenTheyAreGone() {
		assertThat(ConsentPage.shown("\u202Eevil\u200B app\u0007")).isEqualTo("evil app");
	}

	@Test
	void shownWhenNameIsLongThenCutWithAnEllipsis() {
		String shown = ConsentPage.shown("Claude ".repeat(40));
		assertThat(shown).hasSize(ConsentPage.NAME_LENGTH + 1).endsWith("…");
	}

	@Test
	void shownWhenNameIsPlainThenUnchanged() {
		assertThat(ConsentPage.shown("MCP Inspector")).isEqualTo("MCP Inspector");
	}
}
