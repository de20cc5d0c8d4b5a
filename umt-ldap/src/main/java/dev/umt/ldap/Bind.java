package dev.umt.ldap;

import dev.umt.Secret;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a source logs in to the directory.
 *
 * <pre>{@code
 * Bind.simple("svc-umt@example.com", Secret.of(password));   // or a DN, or a down-level DOMAIN name
 * Bind.anonymous();                                         // eDirectory's anonymous login
 * Bind.clientCertificate(Path.of("client.p12"), Secret.of(pin)); // SASL EXTERNAL ("TLS binding")
 * Bind.kerberos();                                          // GSSAPI with the current login's ticket cache
 * Bind.kerberos().withTicketCache(Path.of("/var/lib/umt/krb5cc")) // a service's own cache (KRB5CCNAME=FILE:...)
 *     .withServerName("dc1.example.com");                        // service principal ldap/dc1.example.com
 * }</pre>
 */
public sealed interface Bind {

  /** What the bind is, for messages; never contains a secret. */
  String describe();

  /** A simple bind with a DN, {@code user@domain} or DOMAIN&#92;user, and a password. */
  static Bind simple(String user, Secret password) {
    return new Simple(user, password);
  }

  /** No login at all. */
  static Bind anonymous() {
    return new Anonymous();
  }

  /**
   * SASL EXTERNAL with the client certificate in {@code keyStore} (PKCS#12 or JKS). Needs STARTTLS
   * or LDAPS.
   */
  static Bind clientCertificate(Path keyStore, Secret keyStorePassword) {
    return new ClientCertificate(keyStore, keyStorePassword);
  }

  /**
   * SASL GSSAPI (Kerberos) with the ticket cache of the current login, such as after {@code kinit}:
   * the file {@code KRB5CCNAME} names, else {@code /tmp/krb5cc_<uid>}. The realm and KDC come from
   * the JVM's Kerberos configuration ({@code -Djava.security.krb5.conf}, else {@code
   * /etc/krb5.conf}); the LDAP service principal is {@code ldap/<host connected to>}. See {@link
   * Kerberos#withTicketCache} and {@link Kerberos#withServerName}.
   */
  static Kerberos kerberos() {
    return new Kerberos(null, null);
  }

  /**
   * A simple bind. @param user a DN, {@code user@domain} or DOMAIN&#92;user @param password the
   * password
   */
  record Simple(String user, Secret password) implements Bind {
    public Simple {
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException(
            "simple bind needs a user (a DN, user@domain or DOMAIN\\user)");
      }
      Objects.requireNonNull(password, "password of " + user);
    }

    @Override
    public String describe() {
      return user;
    }
  }

  /** An anonymous login. */
  record Anonymous() implements Bind {
    @Override
    public String describe() {
      return "anonymous";
    }
  }

  /**
   * SASL EXTERNAL with a client certificate. @param keyStore the key store file @param
   * keyStorePassword its password
   */
  record ClientCertificate(Path keyStore, Secret keyStorePassword) implements Bind {
    public ClientCertificate {
      Objects.requireNonNull(keyStore, "client certificate key store");
      Objects.requireNonNull(keyStorePassword, "password of key store " + keyStore);
    }

    @Override
    public String describe() {
      return "the client certificate in " + keyStore;
    }
  }

  /**
   * SASL GSSAPI with a Kerberos ticket cache; only the ticket-granting ticket in the cache is used,
   * never a password.
   *
   * @param ticketCache the ticket cache file, or null for the current login's (KRB5CCNAME, else
   *     /tmp/krb5cc_uid)
   * @param serverName the host name in the LDAP service principal {@code ldap/<serverName>}, or
   *     null for the host connected to; needed when a server is reached by an address or alias the
   *     KDC has no principal for
   */
  record Kerberos(@Nullable Path ticketCache, @Nullable String serverName) implements Bind {
    public Kerberos {
      if (serverName != null && serverName.isBlank()) {
        throw new IllegalArgumentException(
            "Kerberos server name is blank (leave it out to use the host connected to)");
      }
    }

    /**
     * The same login reading the ticket cache in {@code file} (what {@code KRB5CCNAME=FILE:<file>}
     * names to kinit).
     */
    public Kerberos withTicketCache(Path file) {
      return new Kerberos(Objects.requireNonNull(file, "ticket cache file"), serverName);
    }

    /**
     * The same login asking for the service principal {@code ldap/<name>}, such as the domain
     * controller's own name.
     */
    public Kerberos withServerName(String name) {
      return new Kerberos(ticketCache, Objects.requireNonNull(name, "Kerberos server name"));
    }

    @Override
    public String describe() {
      return ticketCache == null
          ? "the current Kerberos login"
          : "the Kerberos login in ticket cache " + ticketCache;
    }
  }
}
