/**
 * Active Directory as a {@link dev.umt.directory.DirectorySource}. Nothing is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.umt.ldap.ad;

import org.jspecify.annotations.NullMarked;
