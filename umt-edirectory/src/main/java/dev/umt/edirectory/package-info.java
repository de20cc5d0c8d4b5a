/**
 * NetIQ eDirectory as a {@link dev.umt.directory.DirectorySource}. Nothing is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.umt.edirectory;

import org.jspecify.annotations.NullMarked;
