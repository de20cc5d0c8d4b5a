package dev.umt.ldap.spi;

import dev.umt.ldap.Bind;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * Who a Kerberos bind logs in as: the client principal of the ticket cache, read with the JDK's
 * Krb5LoginModule (no KDC is contacted, no password is asked for). For servers without the Who Am I
 * extension, such as Samba's AD DC.
 */
final class KerberosTickets {
  private static final String MODULE = "com.sun.security.auth.module.Krb5LoginModule";

  private KerberosTickets() {}

  /**
   * The principal (such as {@code umt-reader@EXAMPLE.TEST}) whose ticket the bind uses, or empty
   * when the cache has none.
   */
  static Optional<String> principal(Bind.Kerberos bind) {
    Map<String, String> options = new HashMap<>();
    options.put("useTicketCache", "true");
    options.put("doNotPrompt", "true");
    if (bind.ticketCache() != null) {
      options.put("ticketCache", bind.ticketCache().toString());
    }
    Configuration configuration =
        new Configuration() {
          @Override
          public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {
              new AppConfigurationEntry(
                  MODULE, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)
            };
          }
        };
    try {
      LoginContext login =
          new LoginContext("umt-kerberos-principal", new Subject(), null, configuration);
      login.login();
      try {
        return login.getSubject().getPrincipals(KerberosPrincipal.class).stream()
            .map(KerberosPrincipal::getName)
            .findFirst();
      } finally {
        login.logout();
      }
    } catch (LoginException | SecurityException e) {
      return Optional.empty();
    }
  }
}
