package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.umt.AuthenticationException;
import dev.umt.ConfigurationException;
import dev.umt.TemporaryFailureException;
import dev.umt.UmtException;
import dev.umt.ldap.LdapConfig;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Translates UnboundID's {@link LDAPException} into UMT's exceptions, once, with a message a person
 * can act on.
 */
final class LdapErrors {
  private LdapErrors() {}

  /**
   * @param e the exception
   * @param config what the source is configured with (servers, bind identity)
   * @param doing what was being done, such as {@code "reading users of
   *     OU=Sales,DC=example,DC=test"}
   */
  static UmtException translate(LDAPException e, LdapConfig config, String doing) {
    ResultCode rc = e.getResultCode();
    String servers = config.servers().toString().replaceAll("[\\[\\]]", "");
    String detail = detail(e);
    String tls = tlsProblem(e);
    if (tls != null) {
      return new ConfigurationException(
          "TLS connection to LDAP server "
              + servers
              + " failed while "
              + doing
              + ": "
              + tls
              + (config.trustStore().isPresent()
                  ? " (trust store " + config.trustStore().get() + ")"
                  : " (the JVM's default trust store was used; give the server's certificate or its"
                      + " CA with trustStore)"),
          e);
    }
    if (config.bind() instanceof dev.umt.ldap.Bind.Kerberos k
        && rc == ResultCode.LOCAL_ERROR
        && (detail.contains("JAAS")
            || detail.contains("LoginException")
            || detail.contains("GSS"))) {
      String kerberos = kerberosProblem(e);
      if (kerberos.contains("Server not found in Kerberos database")) {
        String host =
            k.serverName() != null
                ? k.serverName()
                : config.servers().size() == 1
                    ? config.servers().get(0).host()
                    : "<the host connected to>";
        return new ConfigurationException(
            "the Kerberos realm has no LDAP service principal ldap/"
                + host
                + " for LDAP server "
                + servers
                + " (while "
                + doing
                + "): connect by the name the server is registered under (such as dc1.example.com,"
                + " not an address or an alias) or give that name with"
                + " Bind.kerberos().withServerName(...) (setting kerberosServerName) ("
                + kerberos
                + ")",
            e);
      }
      return new AuthenticationException(
          "no usable Kerberos ticket"
              + (k.ticketCache() == null ? " for the current login" : "")
              + " while "
              + doing
              + " on LDAP server "
              + servers
              + ": log in to the domain or run kinit first ("
              + kerberos
              + ")",
          e);
    }
    if (rc == ResultCode.INVALID_CREDENTIALS) {
      return new AuthenticationException(
          "LDAP server "
              + servers
              + " refused the credentials of "
              + config.bind().describe()
              + adReason(detail)
              + " while "
              + doing,
          e);
    }
    if (rc == ResultCode.INSUFFICIENT_ACCESS_RIGHTS
        || (rc == ResultCode.OPERATIONS_ERROR
            && (detail.contains("000004DC")
                || detail.contains("00002020")
                || detail.toLowerCase(Locale.ROOT).contains("without authentication")))) {
      return new ConfigurationException(
          config.bind().describe()
              + " has no right to read on LDAP server "
              + servers
              + " (while "
              + doing
              + ")"
              + (detail.isEmpty() ? "" : ": " + detail),
          e);
    }
    if (rc == ResultCode.NO_SUCH_OBJECT) {
      String matched = e.getMatchedDN();
      return new ConfigurationException(
          "the DN does not exist on LDAP server "
              + servers
              + " while "
              + doing
              + (matched == null || matched.isEmpty()
                  ? ""
                  : " (the nearest existing entry is " + matched + ")"),
          e);
    }
    if (rc == ResultCode.STRONG_AUTH_REQUIRED || rc == ResultCode.CONFIDENTIALITY_REQUIRED) {
      return new ConfigurationException(
          "LDAP server "
              + servers
              + " requires an encrypted connection or a stronger bind while "
              + doing
              + ": use security STARTTLS or LDAPS"
              + (detail.isEmpty() ? "" : " (" + detail + ")"),
          e);
    }
    if (rc == ResultCode.FILTER_ERROR
        || rc == ResultCode.INVALID_DN_SYNTAX
        || rc == ResultCode.PROTOCOL_ERROR
        || rc == ResultCode.UNDEFINED_ATTRIBUTE_TYPE
        || rc == ResultCode.INAPPROPRIATE_MATCHING) {
      return new ConfigurationException(
          "LDAP server "
              + servers
              + " rejected the request while "
              + doing
              + ": "
              + rc.getName()
              + (detail.isEmpty() ? "" : ": " + detail),
          e);
    }
    if (rc == ResultCode.CONNECT_ERROR || rc == ResultCode.SERVER_DOWN) {
      return new TemporaryFailureException(
          "cannot reach LDAP server "
              + servers
              + " while "
              + doing
              + (detail.isEmpty() ? "" : ": " + detail),
          e);
    }
    if (rc == ResultCode.TIMEOUT) {
      return new TemporaryFailureException(
          "LDAP server "
              + servers
              + " did not answer within "
              + config.responseTimeout().toSeconds()
              + " s while "
              + doing,
          e);
    }
    return new TemporaryFailureException(
        "LDAP server "
            + servers
            + " failed while "
            + doing
            + ": "
            + rc.getName()
            + " ("
            + rc.intValue()
            + ")"
            + (detail.isEmpty() ? "" : ": " + detail),
        e);
  }

  /**
   * The reason of a Kerberos failure without the SDK's stack traces: the KDC's answer when there is
   * one (such as "Server not found in Kerberos database (7)"), else the innermost message (such as
   * the JAAS login's).
   */
  private static String kerberosProblem(LDAPException e) {
    String kdc = null;
    String innermost = null;
    int depth = 0;
    for (Throwable t = e.getCause(); t != null && depth < 20; t = t.getCause(), depth++) {
      String m = t.getMessage();
      if (m == null
          || m.isBlank()
          || t instanceof LDAPException
          || t instanceof java.security.PrivilegedActionException) {
        continue;
      }
      if (kdc == null && t.getClass().getName().equals("sun.security.krb5.KrbException")) {
        kdc = m.trim();
      }
      innermost = m.trim();
    }
    return kdc != null ? kdc : innermost != null ? innermost : detail(e);
  }

  private static String detail(LDAPException e) {
    String d = e.getDiagnosticMessage();
    if (d == null || d.isBlank()) {
      d = e.getMessage();
    }
    return d == null ? "" : d.trim();
  }

  /** AD puts a sub-code in the diagnostic of a refused bind; say what it means. */
  private static String adReason(String detail) {
    String d = detail.toLowerCase(Locale.ROOT);
    if (d.contains("data 52e")) {
      return " (wrong user name or password)";
    }
    if (d.contains("data 525")) {
      return " (no such user)";
    }
    if (d.contains("data 530") || d.contains("data 531")) {
      return " (not allowed to log on at this time or from this workstation)";
    }
    if (d.contains("data 532") || d.contains("data 773")) {
      return " (the password has expired or must be changed)";
    }
    if (d.contains("data 533")) {
      return " (the account is disabled)";
    }
    if (d.contains("data 701")) {
      return " (the account has expired)";
    }
    if (d.contains("data 775")) {
      return " (the account is locked out)";
    }
    return detail.isEmpty() ? "" : " (" + detail + ")";
  }

  /**
   * The certificate or TLS problem in the cause chain, in words, or null when the failure is not
   * about TLS.
   */
  static String tlsProblem(Throwable e) {
    String certificate = null;
    String hostName = null;
    String tls = null;
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      String m = t.getMessage();
      if (m == null) {
        continue;
      }
      if (t instanceof CertificateException
          || t instanceof java.security.cert.CertPathValidatorException
          || t.getClass().getName().startsWith("sun.security.provider.certpath")) {
        certificate = m;
      } else if (m.contains("Hostname verification failed")
          || m.contains("host name verification")) {
        hostName = m;
      } else if (t instanceof SSLException) {
        tls = m;
      }
    }
    String found = hostName != null ? hostName : certificate != null ? certificate : tls;
    if (found == null) {
      return null;
    }
    found = found.trim();
    return found.endsWith(".") ? found.substring(0, found.length() - 1) : found;
  }
}
