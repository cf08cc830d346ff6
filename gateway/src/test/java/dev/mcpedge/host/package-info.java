/**
 * A host application that uses the filters library without the gateway application: outside
 * {@code dev.mcpedge.gateway}, so the gateway's component scan never picks its configuration up.
 */
package dev.mcpedge.host;
