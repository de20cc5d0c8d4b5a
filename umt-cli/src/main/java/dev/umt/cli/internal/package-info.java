/**
 * The commands of {@code umt} (picocli), the data folder, saved reports and secrets. Not API: only
 * {@link dev.umt.cli.Umt} is. Nothing is null unless marked {@code @Nullable}; picocli leaves an
 * option that was not given null, so such fields are {@code @Nullable}.
 */
@NullMarked
package dev.umt.cli.internal;

import org.jspecify.annotations.NullMarked;
