package dev.umt.ldap;

import dev.umt.ConfigurationException;
import dev.umt.Settings;
import dev.umt.directory.DirectorySource;
import dev.umt.directory.DirectorySourceProvider;

/**
 * Makes {@link LdapDirectorySource}s (type {@code ldap}) from settings; see {@link
 * LdapConfig#builder(Settings)}.
 */
public final class LdapDirectorySourceProvider implements DirectorySourceProvider {

  @Override
  public String type() {
    return "ldap";
  }

  @Override
  public DirectorySource create(Settings settings) {
    return new LdapDirectorySource(build(settings));
  }

  /**
   * {@link LdapConfig#builder(Settings)} then {@code build()}, every error naming the settings'
   * origin.
   */
  public static LdapConfig build(Settings settings) {
    try {
      return LdapConfig.builder(settings).build();
    } catch (ConfigurationException e) {
      if (e.getMessage().startsWith(settings.origin() + ":")) {
        throw e;
      }
      throw new ConfigurationException(settings.origin() + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(settings.origin() + ": " + e.getMessage(), e);
    }
  }
}
