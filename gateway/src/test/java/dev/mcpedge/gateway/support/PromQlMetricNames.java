package dev.mcpedge.gateway.support;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, e.g. {@code mcp_edge_requests_seconds_bucket} in
 * {@code histogram_quantile(0.99, sum by (le) (rate(mcp_edge_requests_seconds_bucket{instance=~"$instance"}[5m])))}.
 * <p>
 * Enough of PromQL for the expressions of a dashboard and alert rules: string literals, label
 * matchers, ranges and grouping labels are dropped, names followed by a parenthesis are functions or
 * aggregations, and the binary-operator keywords are no metrics. Grafana's {@code $variables} only
 * ever stand in matchers and ranges there.
 */
public final class PromQlMetricNames {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern MATCHERS_AND_RANGES = Pattern.compile("\\{[^}]*}|\\[[^]]*]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern NAME = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

	private PromQlMetricNames() {
	}

	public static Set<String> of(String expression) {
		String rest = STRING.matcher(expression).replaceAll(" ");
		rest = MATCHERS_AND_RANGES.matcher(rest).replaceAll(" ");
		rest = GROUPING.matcher(rest).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = NAME.matcher(rest);
		while (matcher.find()) {
			boolean function = matcher.group(2) != null;
			if (!function && !KEYWORDS.contains(matcher.group(1))) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}
}
