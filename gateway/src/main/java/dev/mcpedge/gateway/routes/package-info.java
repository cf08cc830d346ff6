/**
 * The gateway's routes: one per configured MCP endpoint with the edge's filters, the metadata
 * documents, and the backend's health.
 */
@NullMarked
package dev.mcpedge.gateway.routes;

import org.jspecify.annotations.NullMarked;
