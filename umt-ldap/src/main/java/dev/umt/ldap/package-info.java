/**
 * LDAPv3 directories as a {@link dev.umt.directory.DirectorySource}: {@link
 * dev.umt.ldap.LdapConfig}, {@link dev.umt.ldap.Bind}. Nothing is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package dev.umt.ldap;

import org.jspecify.annotations.NullMarked;
