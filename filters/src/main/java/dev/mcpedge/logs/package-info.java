/**
 * Log lines the steps share: a warning that any request can set off while something it needs is down,
 * written once per interval instead of once per request.
 */
@NullMarked
package dev.mcpedge.logs;

import org.jspecify.annotations.NullMarked;
