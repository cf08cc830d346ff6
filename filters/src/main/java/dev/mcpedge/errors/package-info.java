/**
 * Every refusal and failure as the client sees it. {@link dev.mcpedge.errors.EdgeErrors} is the one
 * catalogue (DESIGN §4) of typed {@link dev.mcpedge.errors.EdgeError} values: status, code,
 * description, audit reason, challenge, {@code Retry-After} and body form (plain JSON, JSON-RPC error,
 * tool error, batch). {@link dev.mcpedge.errors.ErrorResponder} is the one place that renders them,
 * and the exception handler maps the exceptions of the edge's own exchanges to them. This package imports no feature of the edge: the
 * features call it, never the reverse ({@code PackageRulesTests}).
 */
@NullMarked
package dev.mcpedge.errors;

import org.jspecify.annotations.NullMarked;
