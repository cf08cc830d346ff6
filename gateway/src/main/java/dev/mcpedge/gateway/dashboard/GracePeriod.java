package dev.mcpedge.gateway.dashboard;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The grace periods the dashboard offers when a key is rolled: how long the old secret keeps working
 * next to the new one. A fixed short list, checked on the server: a form can only pick one of these,
 * whatever it sends (the admin API takes any duration up to its own bound). Its accessors are public for
 * the templates' expressions.
 */
enum GracePeriod {

	NONE("none", Duration.ZERO, "none: the old secret stops working at once"),

	ONE_HOUR("1h", Duration.ofHours(1), "1 hour"),

	ONE_DAY("24h", Duration.ofHours(24), "24 hours");

	private final String value;

	private final Duration duration;

	private final String label;

	GracePeriod(String value, Duration duration, String label) {
		this.value = value;
		this.duration = duration;
		this.label = label;
	}

	/** The form value. */
	public String value() {
		return value;
	}

	public Duration duration() {
		return duration;
	}

	/** What the confirmation page says. */
	public String label() {
		return label;
	}

	/** The grace period with this form value; 400 for anything else. */
	static GracePeriod of(@Nullable String value) {
		for (GracePeriod period : values()) {
			if (period.value.equals(value)) {
				return period;
			}
		}
		throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "grace period must be one of none, 1h, 24h");
	}
}
