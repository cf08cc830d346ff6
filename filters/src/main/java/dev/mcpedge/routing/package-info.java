/**
 * Routing of test-mode traffic to the sandbox backend when one is configured.
 */
@NullMarked
package dev.mcpedge.routing;

import org.jspecify.annotations.NullMarked;
