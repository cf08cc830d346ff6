/**
 * The key commands of the gateway jar ({@code keys create|list|get|update|revoke|roll|import}), on the
 * configured Redis, without a web server.
 */
@NullMarked
package dev.mcpedge.gateway.cli;

import org.jspecify.annotations.NullMarked;
