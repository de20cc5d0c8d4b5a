package dev.umt.ldap;

import dev.umt.Secret;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a source logs in to the directory.
 *
 * <pre>{@code
 * Bind.simple("svc-umt@example.com", Secret.of(password));   // or a DN, or a down-level DOMAIN name
 * Bind.anonymous();                                         // eDirectory's anonymous login
 * Bind.clientCertificate(Path.of("client.p12"), Secret.of(pin)); // SASL EXTERNAL ("TLS binding")
 * Bind.kerberos();                                          // GSSAPI with the current login's ticket cache
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

  /** SASL EXTERNAL with the client certificate in {@code keyStore} (PKCS#12 or JKS). Needs STARTTLS or LDAPS. */
  static Bind clientCertificate(Path keyStore, Secret keyStorePassword) {
    return new ClientCertificate(keyStore, keyStorePassword);
  }

  /** SASL GSSAPI (Kerberos) with the ticket cache of the current login, such as after {@code kinit}. */
  static Bind kerberos() {
    return new Kerberos();
  }

  /** A simple bind. @param user a DN, {@code user@domain} or DOMAIN&#92;user @param password the password */
  record Simple(String user, Secret password) implements Bind {
    public Simple {
      if (user == null || user.isBlank()) {
        throw new IllegalArgumentException("simple bind needs a user (a DN, user@domain or DOMAIN\\user)");
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

  /** SASL EXTERNAL with a client certificate. @param keyStore the key store file @param keyStorePassword its password */
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

  /** SASL GSSAPI with the current ticket cache. */
  record Kerberos() implements Bind {
    @Override
    public String describe() {
      return "the current Kerberos login";
    }
  }
}
