package dev.umt.ldap.ad;

import dev.umt.Settings;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectorySourceProvider;
import dev.umt.ldap.LdapDirectorySourceProvider;

/**
 * Makes {@link ActiveDirectorySource}s (type {@code active-directory}) from the settings of {@link
 * dev.umt.ldap.LdapConfig#builder(dev.umt.Settings)}.
 */
public final class ActiveDirectorySourceProvider implements DirectorySourceProvider {

  @Override
  public String type() {
    return "active-directory";
  }

  @Override
  public DirectorySource create(Settings settings) {
    return new ActiveDirectorySource(LdapDirectorySourceProvider.build(settings));
  }
}
