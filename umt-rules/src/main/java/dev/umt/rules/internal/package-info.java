/**
 * The ServiceLoader entry point of the default rule evaluator. Not API: the module does not export
 * it.
 */
@NullMarked
package dev.umt.rules.internal;

import org.jspecify.annotations.NullMarked;
