/**
 * Who called: the identity an authenticated request carries through the edge, and the identity headers
 * the backend receives (always all of them, written last, inbound spellings dropped).
 */
@NullMarked
package dev.mcpedge.identity;

import org.jspecify.annotations.NullMarked;
