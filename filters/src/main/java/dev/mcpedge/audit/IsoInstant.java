package dev.mcpedge.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * An instant as {@link Instant#toString()} writes it ({@code 2026-12-01T06:44:38.123456Z}: ISO-8601 in
 * UTC, the fraction in groups of three digits, none when zero), for the time of every audit record:
 * written digit by digit, without the general formatter {@code toString} goes through. Instants
 * outside the years 0000 to 9999 (which {@code toString} writes with a sign) are left to
 * {@code toString}. {@code IsoInstantTests} holds the two to the same text.
 */
final class IsoInstant {

	private static final long FIRST = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

	private static final long END = LocalDateTime.of(10_000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

	private IsoInstant() {
	}

	static String format(Instant instant) {
		long seconds = instant.getEpochSecond();
		if (seconds < FIRST || seconds >= END) {
			return instant.toString();
		}
		int nanos = instant.getNano();
		LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
		char[] text = new char[30];
		int at = digits(text, 0, time.getYear(), 4);
		text[at++] = '-';
		at = digits(text, at, time.getMonthValue(), 2);
		text[at++] = '-';
		at = digits(text, at, time.getDayOfMonth(), 2);
		text[at++] = 'T';
		at = digits(text, at, time.getHour(), 2);
		text[at++] = ':';
		at = digits(text, at, time.getMinute(), 2);
		text[at++] = ':';
		at = digits(text, at, time.getSecond(), 2);
		if (nanos > 0) {
			text[at++] = '.';
			if (nanos % 1_000_000 == 0) {
				at = digits(text, at, nanos / 1_000_000, 3);
			}
			else if (nanos % 1_000 == 0) {
				at = digits(text, at, nanos / 1_000, 6);
			}
			else {
				at = digits(text, at, nanos, 9);
			}
		}
		text[at++] = 'Z';
		return new String(text, 0, at);
	}

	/** Writes {@code value} with {@code width} digits, zero-padded, at {@code at}; returns the end. */
	private static int digits(char[] text, int at, int value, int width) {
		for (int i = at + width - 1; i >= at; i--) {
			text[i] = (char) ('0' + value % 10);
			value /= 10;
		}
		return at + width;
	}
}
