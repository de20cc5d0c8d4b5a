/**
 * The directory side: {@link dev.umt.directory.DirectorySource} and its provider, the change feed
 * and the entries they return. Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.directory;

import org.jspecify.annotations.NullMarked;
