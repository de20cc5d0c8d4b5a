package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.EXTERNALBindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GSSAPIBindRequest;
import com.unboundid.ldap.sdk.GSSAPIBindRequestProperties;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import com.unboundid.util.ssl.TrustStoreTrustManager;
import dev.umt.ConfigurationException;
import dev.umt.UmtException;
import dev.umt.ldap.Bind;
import dev.umt.ldap.LdapConfig;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The connection pool of one source: created on first use, with failover across the configured
 * servers. Thread-safe.
 */
final class LdapPool implements AutoCloseable {
  private final LdapConfig config;
  private LDAPConnectionPool pool;
  private ServerInfo info;
  private boolean closed;

  LdapPool(LdapConfig config) {
    this.config = config;
  }

  LdapConfig config() {
    return config;
  }

  /** The pool, connecting and reading the root DSE the first time. */
  synchronized LDAPConnectionPool pool() {
    if (closed) {
      throw new IllegalStateException("the LDAP source is closed");
    }
    if (pool == null) {
      LDAPConnectionPool created = null;
      try {
        BindRequest bind = bindRequest();
        created = new LDAPConnectionPool(serverSet(bind), bind, 1, config.poolSize());
        created.setRetryFailedOperationsDueToInvalidConnections(true);
        created.setCreateIfNecessary(true);
        created.setMaxWaitTimeMillis(config.responseTimeout().toMillis());
        SearchResultEntry rootDse =
            created.getEntry(
                "",
                "*",
                "+",
                "namingContexts",
                "supportedControl",
                "supportedExtension",
                "supportedCapabilities",
                "vendorName",
                "vendorVersion",
                "defaultNamingContext",
                "highestCommittedUSN",
                "subschemaSubentry",
                "domainControllerFunctionality");
        if (rootDse == null) {
          throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "the server returned no root DSE");
        }
        info = ServerInfo.of(rootDse);
        pool = created;
      } catch (LDAPException e) {
        if (created != null) {
          created.close();
        }
        throw LdapErrors.translate(e, config, "connecting as " + config.bind().describe());
      }
    }
    return pool;
  }

  /** What the server advertises (connects first if needed). */
  ServerInfo info() {
    pool();
    synchronized (this) {
      return info;
    }
  }

  /**
   * Runs {@code call} on a pooled connection, translating failures; {@code doing} says what for
   * messages.
   */
  <T> T call(String doing, LdapCall<T> call) {
    LDAPConnectionPool p = pool();
    LDAPConnection connection;
    try {
      connection = p.getConnection();
    } catch (LDAPException e) {
      throw LdapErrors.translate(e, config, doing);
    }
    boolean usable = true;
    try {
      return call.apply(connection);
    } catch (LDAPException e) {
      usable = ResultCode.isConnectionUsable(e.getResultCode());
      throw translate(e, doing);
    } catch (ClassCastException e) {
      usable = false;
      throw wrongReply(doing, e);
    } catch (RuntimeException e) {
      usable = false;
      throw e;
    } finally {
      if (usable) {
        p.releaseConnection(connection);
      } else {
        p.releaseDefunctConnection(connection);
      }
    }
  }

  /**
   * Samba answers some requests with a reply of the wrong kind, which the SDK reports as a
   * ClassCastException.
   */
  UmtException wrongReply(String doing, ClassCastException e) {
    return new dev.umt.TemporaryFailureException(
        "LDAP server "
            + config.servers().toString().replaceAll("[\\[\\]]", "")
            + " answered with a reply of the wrong kind while "
            + doing
            + " ("
            + e.getMessage()
            + ")",
        e);
  }

  UmtException translate(LDAPException e, String doing) {
    return LdapErrors.translate(e, config, doing);
  }

  /**
   * A connection for a cursor that needs the same one across pages; give it back with {@link
   * #release}.
   */
  LDAPConnection checkout(String doing) {
    try {
      return pool().getConnection();
    } catch (LDAPException e) {
      throw LdapErrors.translate(e, config, doing);
    }
  }

  void release(LDAPConnection connection, boolean usable) {
    LDAPConnectionPool p;
    synchronized (this) {
      p = pool;
    }
    if (p == null || connection == null) {
      return;
    }
    if (usable) {
      p.releaseConnection(connection);
    } else {
      p.releaseDefunctConnection(connection);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  /** A function on a connection that may throw {@link LDAPException}. */
  @FunctionalInterface
  interface LdapCall<T> {
    T apply(LDAPConnection connection) throws LDAPException;
  }

  private FailoverServerSet serverSet(BindRequest bind) {
    String[] hosts = config.servers().stream().map(LdapConfig.Server::host).toArray(String[]::new);
    int[] ports = config.servers().stream().mapToInt(LdapConfig.Server::port).toArray();
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(
        (int) Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
    options.setResponseTimeoutMillis(config.responseTimeout().toMillis());
    options.setFollowReferrals(false);
    options.setAbandonOnTimeout(true);
    SocketFactory socketFactory = null;
    PostConnectProcessor postConnect = null;
    if (config.encrypted()) {
      if (!config.trustAllCertificatesInsecurely()) {
        options.setSSLSocketVerifier(new StrictHostNameVerifier());
      }
      SSLSocketFactory tls = sslSocketFactory();
      if (config.security() == LdapConfig.Security.LDAPS) {
        socketFactory = tls;
      } else {
        postConnect = new StartTLSPostConnectProcessor(tls);
      }
    }
    return new FailoverServerSet(hosts, ports, socketFactory, options, bind, postConnect);
  }

  private SSLSocketFactory sslSocketFactory() {
    TrustManager trust;
    if (config.trustAllCertificatesInsecurely()) {
      trust = new TrustAllTrustManager(false);
    } else if (config.trustStore().isPresent()) {
      java.nio.file.Path file = config.trustStore().get();
      if (!java.nio.file.Files.isReadable(file)) {
        throw new ConfigurationException(
            "trust store " + file + " does not exist or cannot be read");
      }
      trust =
          new TrustStoreTrustManager(
              file.toFile(),
              config.trustStorePassword().map(s -> s.reveal().toCharArray()).orElse(null),
              null,
              true);
    } else {
      trust = JVMDefaultTrustManager.getInstance();
    }
    KeyManager key = null;
    if (config.bind() instanceof Bind.ClientCertificate c) {
      if (!java.nio.file.Files.isReadable(c.keyStore())) {
        throw new ConfigurationException(
            "client certificate key store " + c.keyStore() + " does not exist or cannot be read");
      }
      try {
        key =
            new KeyStoreKeyManager(
                c.keyStore().toFile(), c.keyStorePassword().reveal().toCharArray(), null, null);
      } catch (KeyStoreException e) {
        throw new ConfigurationException(
            "cannot read the client certificate key store " + c.keyStore() + ": " + e.getMessage(),
            e);
      }
    }
    try {
      return new SSLUtil(key, trust).createSSLSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  private BindRequest bindRequest() {
    Bind bind = config.bind();
    if (bind instanceof Bind.Simple s) {
      return new SimpleBindRequest(s.user(), s.password().reveal());
    }
    if (bind instanceof Bind.ClientCertificate) {
      // Empty credentials rather than none: slapd (Cyrus SASL) answers "bind in progress" to an
      // EXTERNAL bind without an initial response, and the SDK does not continue it.
      return new EXTERNALBindRequest("");
    }
    if (bind instanceof Bind.Kerberos k) {
      GSSAPIBindRequestProperties properties = new GSSAPIBindRequestProperties(null, (String) null);
      properties.setUseTicketCache(true);
      properties.setRequireCachedCredentials(true);
      properties.setUseSubjectCredentialsOnly(false);
      if (k.ticketCache() != null) {
        properties.setTicketCachePath(k.ticketCache().toString());
      }
      if (k.serverName() != null) {
        properties.setSASLClientServerName(k.serverName());
      }
      try {
        return new GSSAPIBindRequest(properties);
      } catch (LDAPException e) {
        throw new ConfigurationException(
            "cannot set up the Kerberos (GSSAPI) bind: " + e.getMessage(), e);
      }
    }
    return null;
  }

  /** Reads the entry at {@code dn} (base scope), or null when it does not exist. */
  SearchResultEntry read(String dn, String doing, String... attributes) {
    return call(
        doing,
        c -> {
          try {
            return c.searchForEntry(dn, SearchScope.BASE, "(objectClass=*)", attributes);
          } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
              return null;
            }
            throw e;
          }
        });
  }
}
