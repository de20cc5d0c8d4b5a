/**
 * The {@code umt} command-line tool: {@link dev.umt.cli.Umt} runs it, as {@code main} or from a
 * program. Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.cli;

import org.jspecify.annotations.NullMarked;
