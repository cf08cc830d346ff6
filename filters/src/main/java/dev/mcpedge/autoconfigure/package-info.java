/**
 * Spring Boot auto-configuration of the edge: the settings under {@code mcp-edge} and the beans each
 * feature needs, including the Lettuce options that make Redis outages and failovers short.
 */
@NullMarked
package dev.mcpedge.autoconfigure;

import org.jspecify.annotations.NullMarked;
