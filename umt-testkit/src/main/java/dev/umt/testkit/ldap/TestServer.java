package dev.umt.testkit.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import dev.umt.Secret;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;

/**
 * A real LDAP server on 127.0.0.1 started by {@code scripts/test-servers}, as {@link TestServers}
 * finds it: where it listens, who may bind, and the test CA that signed its certificate (for
 * 127.0.0.1, localhost and dc1.example.test). Credentials are test-only.
 *
 * @param name {@code slapd}, {@code edirectory} or {@code samba}
 * @param flavour the dialect its entries are written in
 * @param host always {@code 127.0.0.1}
 * @param port plain LDAP port (StartTLS offered)
 * @param ldapsPort LDAPS port
 * @param baseDn the base DN of the organisation
 * @param bindDn an administrator, not bound by size or time limits
 * @param password the administrator's password
 * @param readerDn a non-administrator account that may read (slapd: size limit 500 without paging)
 * @param readerPassword the reader's password
 * @param trustStore a PKCS12 trust store holding the test CA
 * @param trustStorePassword its password
 * @param clientKeyStore a PKCS12 key store with a client certificate signed by the test CA; slapd
 *     maps it, for SASL EXTERNAL, to {@code readerDn}
 * @param clientKeyStorePassword its password
 */
public record TestServer(
    String name,
    LdapFlavour flavour,
    String host,
    int port,
    int ldapsPort,
    String baseDn,
    String bindDn,
    Secret password,
    String readerDn,
    Secret readerPassword,
    Path trustStore,
    Secret trustStorePassword,
    Path clientKeyStore,
    Secret clientKeyStorePassword) {

  public TestServer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(flavour, "flavour of " + name);
    Objects.requireNonNull(host, "host of " + name);
    Objects.requireNonNull(baseDn, "baseDn of " + name);
    Objects.requireNonNull(bindDn, "bindDn of " + name);
    Objects.requireNonNull(password, "password of " + name);
  }

  /** {@code ldap://127.0.0.1:port}. */
  public String url() {
    return "ldap://" + host + ":" + port;
  }

  /** {@code ldaps://127.0.0.1:ldapsPort}. */
  public String ldapsUrl() {
    return "ldaps://" + host + ":" + ldapsPort;
  }

  /**
   * Connect timeout 5 s, response timeout 60 s (Samba hangs on some requests: never wait forever).
   */
  public static LDAPConnectionOptions options() {
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(5_000);
    options.setResponseTimeoutMillis(60_000);
    return options;
  }

  /**
   * A new plain LDAP connection bound as the administrator. The caller closes it.
   *
   * @throws LDAPException when the server does not answer or refuses the bind
   */
  public LDAPConnection connect() throws LDAPException {
    return new LDAPConnection(options(), host, port, bindDn, password.reveal());
  }

  /**
   * A new LDAPS connection bound as {@code dn}, trusting only the test CA (host name checked).
   *
   * @throws LDAPException when the server does not answer, the TLS handshake fails or the bind is
   *     refused
   */
  public LDAPConnection connectLdaps(String dn, Secret secret) throws LDAPException {
    LDAPConnectionOptions options = options();
    options.setSSLSocketVerifier(new com.unboundid.util.ssl.HostNameSSLSocketVerifier(false));
    return new LDAPConnection(sslSocketFactory(), options, host, ldapsPort, dn, secret.reveal());
  }

  /**
   * An SSL socket factory that trusts only the test CA (for LDAPS and StartTLS).
   *
   * @throws IllegalStateException when the trust store cannot be read
   */
  public SSLSocketFactory sslSocketFactory() {
    try {
      return new SSLUtil(
              new TrustStoreTrustManager(
                  trustStore.toFile(), trustStorePassword.reveal().toCharArray(), "PKCS12", true))
          .createSSLSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot use trust store " + trustStore + ": " + e.getMessage(), e);
    }
  }

  /**
   * An SSL socket factory that presents the test client certificate and trusts only the test CA
   * (for SASL EXTERNAL).
   *
   * @throws IllegalStateException when a key or trust store cannot be read
   */
  public SSLSocketFactory clientCertificateSocketFactory() {
    try {
      return new SSLUtil(
              new KeyStoreKeyManager(
                  clientKeyStore.toFile(),
                  clientKeyStorePassword.reveal().toCharArray(),
                  "PKCS12",
                  null),
              new TrustStoreTrustManager(
                  trustStore.toFile(), trustStorePassword.reveal().toCharArray(), "PKCS12", true))
          .createSSLSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot use key store " + clientKeyStore + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return name + " (" + flavour.id() + ") at " + url();
  }
}
