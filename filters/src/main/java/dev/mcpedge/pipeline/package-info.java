/**
 * The request pipeline of an MCP endpoint, in one place: {@link dev.mcpedge.pipeline.FilterOrder}
 * holds the order of every filter of the edge, with the table of the whole path as its Javadoc. This
 * package depends on no other package of the edge, so every step can use it.
 */
@NullMarked
package dev.mcpedge.pipeline;

import org.jspecify.annotations.NullMarked;
