package dev.umt.ldap.spi;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.SSLSocketVerifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;

/**
 * Checks that the server's certificate is for the host connected to, the way RFC 6125 says: an IP
 * address literal ({@code 127.0.0.1}, {@code ::1}) only against the certificate's IP address
 * subjectAltNames, a name only against its DNS subjectAltNames (a {@code *} as the whole left-most
 * label matches one label), or against the subject's CN when it has no DNS subjectAltName. Never
 * resolves a name or an address. Thread-safe.
 */
final class StrictHostNameVerifier extends SSLSocketVerifier {
  private static final int DNS = 2;
  private static final int IP = 7;

  @Override
  public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
    X509Certificate certificate;
    try {
      Certificate[] chain = socket.getSession().getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate x509)) {
        throw new LDAPException(
            ResultCode.CONNECT_ERROR,
            "Hostname verification failed because the server at "
                + host
                + ":"
                + port
                + " presented no X.509 certificate");
      }
      certificate = x509;
    } catch (SSLPeerUnverifiedException e) {
      throw new LDAPException(
          ResultCode.CONNECT_ERROR,
          "Hostname verification failed because the server at "
              + host
              + ":"
              + port
              + " presented no certificate",
          e);
    }
    String problem = problem(host, certificate);
    if (problem != null) {
      throw new LDAPException(ResultCode.CONNECT_ERROR, problem);
    }
  }

  /** Why {@code certificate} is not for {@code host}, or null when it is. */
  static String problem(String host, X509Certificate certificate) {
    List<String> dnsNames = new ArrayList<>();
    List<InetAddress> addresses = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          int type = (Integer) name.get(0);
          if (type == DNS && name.get(1) instanceof String dns) {
            dnsNames.add(dns);
            shown.add("DNS:" + dns);
          } else if (type == IP && name.get(1) instanceof String ip) {
            literal(ip).ifPresent(addresses::add);
            shown.add("IP:" + ip);
          }
        }
      }
    } catch (CertificateParsingException e) {
      return "Hostname verification failed because the subjectAltName of the server's certificate"
          + " cannot be read: "
          + e.getMessage();
    }
    String names = shown.isEmpty() ? "none" : String.join(", ", shown);
    java.util.Optional<InetAddress> address = literal(host);
    if (address.isPresent()) {
      if (addresses.contains(address.get())) {
        return null;
      }
      return "Hostname verification failed because the expected IP address '"
          + host
          + "' is not among the IP addresses in the"
          + " peer certificate's subjectAltName ("
          + names
          + "); connect by a name the certificate holds, or give the server a"
          + " certificate with IP:"
          + host;
    }
    String wanted = host.toLowerCase(Locale.ROOT);
    wanted = wanted.endsWith(".") ? wanted.substring(0, wanted.length() - 1) : wanted;
    if (dnsNames.isEmpty()) {
      String cn = commonName(certificate.getSubjectX500Principal());
      if (cn != null && matches(wanted, cn)) {
        return null;
      }
    } else {
      for (String dns : dnsNames) {
        if (matches(wanted, dns)) {
          return null;
        }
      }
    }
    return "Hostname verification failed because the expected hostname '"
        + host
        + "' was not found in peer certificate"
        + " (subject "
        + certificate.getSubjectX500Principal().getName()
        + ", subjectAltName "
        + names
        + ")";
  }

  private static boolean matches(String host, String pattern) {
    String p = pattern.toLowerCase(Locale.ROOT);
    p = p.endsWith(".") ? p.substring(0, p.length() - 1) : p;
    if (p.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0
          && host.substring(dot + 1).equals(p.substring(2))
          && p.substring(2).contains(".");
    }
    return host.equals(p);
  }

  /** The address an IPv4 or IPv6 literal names; empty for a host name (nothing is resolved). */
  static java.util.Optional<InetAddress> literal(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean ipv4 = h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    boolean ipv6 = h.contains(":") && h.matches("[0-9a-fA-F:.%]+");
    if (!ipv4 && !ipv6) {
      return java.util.Optional.empty();
    }
    try {
      // A literal: InetAddress.getByName parses it without any lookup.
      return java.util.Optional.of(InetAddress.getByName(h));
    } catch (UnknownHostException e) {
      return java.util.Optional.empty();
    }
  }

  private static String commonName(X500Principal subject) {
    try {
      for (com.unboundid.ldap.sdk.RDN rdn :
          new com.unboundid.ldap.sdk.DN(subject.getName(X500Principal.RFC2253)).getRDNs()) {
        for (int i = 0; i < rdn.getAttributeNames().length; i++) {
          if (rdn.getAttributeNames()[i].equalsIgnoreCase("cn")) {
            return rdn.getAttributeValues()[i];
          }
        }
      }
    } catch (LDAPException e) {
      return null;
    }
    return null;
  }
}
