package dev.umt.edirectory;

import dev.umt.Settings;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectorySourceProvider;
import dev.umt.ldap.LdapDirectorySourceProvider;

/**
 * Makes {@link EDirectorySource}s (type {@code edirectory}) from the settings of {@link
 * dev.umt.ldap.LdapConfig#builder(dev.umt.Settings)}.
 */
public final class EDirectorySourceProvider implements DirectorySourceProvider {

  @Override
  public String type() {
    return "edirectory";
  }

  @Override
  public DirectorySource create(Settings settings) {
    return new EDirectorySource(LdapDirectorySourceProvider.build(settings));
  }
}
