/**
 * LDAP fixtures: the standard {@link dev.umt.testkit.Organisation} as entries in each {@link
 * dev.umt.testkit.ldap.LdapFlavour} ({@link dev.umt.testkit.ldap.OrganisationLdif}), loaded into
 * UnboundID in-memory servers ({@link dev.umt.testkit.ldap.EmbeddedDirectories}) or into the real
 * slapd and Samba servers that {@code scripts/test-servers} runs on 127.0.0.1 ({@link
 * dev.umt.testkit.ldap.TestServers}, which skips a test when its server is absent, or fails it
 * under {@code UMT_REQUIRE_TEST_SERVERS=1}), and a large OU for read benchmarks ({@link
 * dev.umt.testkit.ldap.BulkUsers}).
 *
 * <pre>{@code
 * try (EmbeddedDirectory ad = EmbeddedDirectories.activeDirectoryLike()) { ... }   // in the JVM, ~0.1 s
 * TestServer samba = TestServers.samba();                                          // the real thing
 * }</pre>
 *
 * <p>Nothing is null unless marked {@code @Nullable}.
 */
@NullMarked
package dev.umt.testkit.ldap;

import org.jspecify.annotations.NullMarked;
