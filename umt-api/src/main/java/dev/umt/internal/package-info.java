/**
 * The engine's implementation: the planner, the applier, JSON and atomic file writes. Not API:
 * exported only to UMT's own modules and left out of the published javadoc.
 */
@NullMarked
package dev.umt.internal;

import org.jspecify.annotations.NullMarked;
