package dev.umt.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How an LDAP source reaches and reads its directory. Built with {@link #builder()} or read from
 * {@link Settings} with {@link #builder(Settings)}; {@link Builder#build()} validates without
 * network I/O. Immutable and thread-safe. Certificates and host names are verified by default; a
 * simple bind over an unencrypted connection is refused unless {@link
 * Builder#allowSimpleBindWithoutEncryption} says so.
 *
 * <pre>{@code
 * LdapConfig config = LdapConfig.builder()
 *     .server("dc1.example.com", 636).server("dc2.example.com", 636)   // failover, in order
 *     .security(LdapConfig.Security.LDAPS)
 *     .trustStore(Path.of("dc-ca.p12"), Secret.of(storePassword))
 *     .bind(Bind.simple("svc-umt@example.com", Secret.of(password)))
 *     .baseDn("DC=example,DC=com")
 *     .build();
 * }</pre>
 */
public final class LdapConfig {

  /** How the connection is protected. */
  public enum Security {
    /** Plain LDAP: nothing is encrypted. */
    NONE,
    /** Plain LDAP upgraded with the StartTLS extended operation before the bind. */
    STARTTLS,
    /** LDAP over TLS from the first byte (usually port 636). */
    LDAPS
  }

  /** How a group's nested members are found. */
  public enum GroupExpansion {
    /** The source's own choice (see its README). */
    AUTO,
    /**
     * Read each group's {@code member} values (with range retrieval) and walk them breadth-first;
     * works everywhere.
     */
    MEMBER_LIST,
    /**
     * Read every group's {@code memberOf} once, close over nested groups in memory, then search
     * users by {@code memberOf}.
     */
    MEMBER_OF,
    /**
     * Active Directory's in-chain matching rule 1.2.840.113556.1.4.1941; only where the server is
     * AD.
     */
    IN_CHAIN
  }

  /**
   * Which change feed {@link dev.umt.directory.DirectorySource#changeFeed()} offers. {@link #AUTO}
   * picks the best the server advertises for the connector (see the module READMEs); any other
   * value forces that feed, and a server that does not offer it is a configuration error.
   */
  public enum ChangeFeed {
    /**
     * The best the server advertises: DirSync, else uSNChanged on AD; content sync, else timestamps
     * elsewhere.
     */
    AUTO,
    /** Active Directory's DirSync control (needs "Replicating Directory Changes"). */
    DIRSYNC,
    /** Active Directory's uSNChanged with tombstones read through the Show Deleted control. */
    USN,
    /** RFC 4533 content synchronisation in refresh-only mode (OpenLDAP syncprov, 389-DS). */
    CONTENT_SYNC,
    /** modifyTimestamp with an overlap window; sees no deletions. */
    TIMESTAMP,
    /** No feed: every run reads everything. */
    NONE
  }

  /**
   * The user fields whose LDAP attribute can be configured, as used in {@link
   * Builder#mapAttribute}.
   */
  public static final Set<String> MAPPABLE_FIELDS =
      Collections.unmodifiableSet(
          new TreeSet<>(
              List.of(
                  "loginName",
                  "email",
                  "givenName",
                  "surname",
                  "displayName",
                  "title",
                  "department",
                  "phone")));

  /**
   * A server to connect to.
   *
   * @param host host name or address
   * @param port TCP port
   */
  public record Server(String host, int port) {
    public Server {
      if (host == null || host.isBlank()) {
        throw new ConfigurationException("LDAP server host is blank");
      }
      if (port < 1 || port > 65535) {
        throw new ConfigurationException(
            "LDAP server " + host + ": port " + port + " is not between 1 and 65535");
      }
    }

    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  private final List<Server> servers;
  private final Security security;
  private final Path trustStore;
  private final Secret trustStorePassword;
  private final boolean trustAllCertificatesInsecurely;
  private final Bind bind;
  private final boolean allowSimpleBindWithoutEncryption;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final int poolSize;
  private final String baseDn;
  private final int pageSize;
  private final int sizeLimit;
  private final Duration timeLimit;
  private final Map<String, List<String>> attributeMapping;
  private final List<String> extraAttributes;
  private final String extraUserFilter;
  private final GroupExpansion groupExpansion;
  private final ChangeFeed changeFeed;
  private final int rangeSize;
  private final boolean detailedLogging;

  private LdapConfig(Builder b) {
    servers = List.copyOf(b.servers);
    security = b.security;
    trustStore = b.trustStore;
    trustStorePassword = b.trustStorePassword;
    trustAllCertificatesInsecurely = b.trustAllCertificatesInsecurely;
    bind = b.bind;
    allowSimpleBindWithoutEncryption = b.allowSimpleBindWithoutEncryption;
    connectTimeout = b.connectTimeout;
    responseTimeout = b.responseTimeout;
    poolSize = b.poolSize;
    baseDn = b.baseDn;
    pageSize = b.pageSize;
    sizeLimit = b.sizeLimit;
    timeLimit = b.timeLimit;
    attributeMapping = Collections.unmodifiableMap(new TreeMap<>(b.attributeMapping));
    extraAttributes = List.copyOf(b.extraAttributes);
    extraUserFilter = b.extraUserFilter;
    groupExpansion = b.groupExpansion;
    changeFeed = b.changeFeed;
    rangeSize = b.rangeSize;
    detailedLogging = b.detailedLogging;
  }

  /**
   * A builder with the defaults: STARTTLS, JVM trust store, anonymous bind, 10 s connect and 30 s
   * response timeouts, a pool of 4, pages of 500.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The setting names {@link #builder(Settings)} understands (plus {@code map.<field>}). */
  public static final Set<String> SETTING_NAMES =
      Collections.unmodifiableSet(
          new TreeSet<>(String.CASE_INSENSITIVE_ORDER) {
            private static final long serialVersionUID = 1L;

            {
              addAll(
                  List.of(
                      "type",
                      "servers",
                      "security",
                      "trustStore",
                      "trustStorePassword",
                      "trustAllCertificatesInsecurely",
                      "bind",
                      "bindUser",
                      "bindPassword",
                      "keyStore",
                      "keyStorePassword",
                      "ticketCache",
                      "kerberosServerName",
                      "allowSimpleBindWithoutEncryption",
                      "connectTimeout",
                      "responseTimeout",
                      "poolSize",
                      "baseDn",
                      "pageSize",
                      "sizeLimit",
                      "timeLimit",
                      "extraAttributes",
                      "userFilter",
                      "groupExpansion",
                      "changeFeed",
                      "rangeSize",
                      "detailedLogging"));
            }
          });

  /**
   * A builder filled from {@code settings}; see the module README for every name. Unknown names are
   * an error, so a typo does not silently fall back to a default.
   *
   * <pre>{@code
   * servers=dc1.example.com:636,dc2.example.com:636
   * security=ldaps
   * trustStore=/etc/umt/dc-ca.p12
   * trustStorePassword=...
   * bind=simple
   * bindUser=svc-umt@example.com
   * bindPassword=...
   * baseDn=DC=example,DC=com
   * map.department=physicalDeliveryOfficeName
   * }</pre>
   *
   * @throws ConfigurationException naming the setting and the settings' origin
   */
  public static Builder builder(Settings settings) {
    String origin = settings.origin();
    for (String name : settings.names()) {
      if (!SETTING_NAMES.contains(name) && !name.toLowerCase(Locale.ROOT).startsWith("map.")) {
        throw new ConfigurationException(
            origin
                + ": unknown setting '"
                + name
                + "'; known settings are "
                + String.join(", ", SETTING_NAMES)
                + " and map.<field>");
      }
    }
    Builder b = builder();
    for (String server : settings.require("servers").split(",")) {
      String s = server.trim();
      if (s.isEmpty()) {
        continue;
      }
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        b.server(s, -1);
        continue;
      }
      String port = s.substring(colon + 1);
      // Digits only, 1 to 65535: "-1", "0", "65536" or "ldaps" never fall back to a default port.
      if (!port.matches("[0-9]{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535
          || colon == 0) {
        throw new ConfigurationException(
            origin
                + ": setting 'servers': '"
                + s
                + "' is not host or host:port with a port from 1 to 65535");
      }
      b.server(s.substring(0, colon), Integer.parseInt(port));
    }
    settings
        .get("security")
        .ifPresent(v -> b.security(enumValue(Security.class, v, "security", origin)));
    settings
        .get("trustStore")
        .ifPresent(
            v ->
                b.trustStore(
                    Path.of(v), settings.secret("trustStorePassword").orElse(Secret.of(""))));
    b.trustAllCertificatesInsecurely(settings.getBoolean("trustAllCertificatesInsecurely", false));
    String bindMode =
        settings.get("bind").orElse(settings.get("bindUser").isPresent() ? "simple" : "anonymous");
    if (bindMode.equalsIgnoreCase("anonymous")) {
      for (String credential : List.of("bindUser", "bindPassword")) {
        if (settings.get(credential).isPresent()) {
          throw new ConfigurationException(
              origin
                  + ": setting 'bind' is anonymous, which sends no credentials, but '"
                  + credential
                  + "' is set: remove it, or use bind=simple");
        }
      }
    }
    switch (bindMode.toLowerCase(Locale.ROOT)) {
      case "simple" ->
          b.bind(
              Bind.simple(
                  settings.require("bindUser"),
                  settings
                      .secret("bindPassword")
                      .orElseThrow(
                          () ->
                              new ConfigurationException(
                                  origin
                                      + ": setting 'bindPassword' is required for a simple"
                                      + " bind"))));
      case "anonymous" -> b.bind(Bind.anonymous());
      case "client-certificate" ->
          b.bind(
              Bind.clientCertificate(
                  Path.of(settings.require("keyStore")),
                  settings.secret("keyStorePassword").orElse(Secret.of(""))));
      case "kerberos" -> {
        Bind.Kerberos kerberos = Bind.kerberos();
        kerberos =
            settings
                .get("ticketCache")
                .map(Path::of)
                .map(kerberos::withTicketCache)
                .orElse(kerberos);
        b.bind(settings.get("kerberosServerName").map(kerberos::withServerName).orElse(kerberos));
      }
      default ->
          throw new ConfigurationException(
              origin
                  + ": setting 'bind' must be simple, anonymous, client-certificate or kerberos,"
                  + " not '"
                  + bindMode
                  + "'");
    }
    b.allowSimpleBindWithoutEncryption(
        settings.getBoolean("allowSimpleBindWithoutEncryption", false));
    b.connectTimeout(settings.getDuration("connectTimeout", b.connectTimeout));
    b.responseTimeout(settings.getDuration("responseTimeout", b.responseTimeout));
    b.poolSize(settings.getInt("poolSize", b.poolSize));
    settings.get("baseDn").ifPresent(b::baseDn);
    b.pageSize(settings.getInt("pageSize", b.pageSize));
    b.sizeLimit(settings.getInt("sizeLimit", 0));
    b.timeLimit(settings.getDuration("timeLimit", Duration.ZERO));
    settings
        .get("extraAttributes")
        .ifPresent(
            v -> {
              for (String a : v.split(",")) {
                if (!a.isBlank()) {
                  b.extraAttribute(a.trim());
                }
              }
            });
    settings.get("userFilter").ifPresent(b::extraUserFilter);
    settings
        .get("groupExpansion")
        .ifPresent(
            v ->
                b.groupExpansion(
                    enumValue(
                        GroupExpansion.class, v.replace('-', '_'), "groupExpansion", origin)));
    settings
        .get("changeFeed")
        .ifPresent(
            v ->
                b.changeFeed(
                    enumValue(ChangeFeed.class, v.replace('-', '_'), "changeFeed", origin)));
    b.rangeSize(settings.getInt("rangeSize", b.rangeSize));
    b.detailedLogging(settings.getBoolean("detailedLogging", false));
    for (String name : settings.names()) {
      if (name.toLowerCase(Locale.ROOT).startsWith("map.")) {
        String field = name.substring(4);
        String canonical =
            MAPPABLE_FIELDS.stream()
                .filter(f -> f.equalsIgnoreCase(field))
                .findFirst()
                .orElseThrow(
                    () ->
                        new ConfigurationException(
                            origin
                                + ": setting '"
                                + name
                                + "' maps an unknown field '"
                                + field
                                + "'; fields are "
                                + String.join(", ", MAPPABLE_FIELDS)));
        b.mapAttribute(canonical, settings.require(name).split(","));
      }
    }
    return b;
  }

  private static <E extends Enum<E>> E enumValue(
      Class<E> type, String value, String name, String origin) {
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw new ConfigurationException(
        origin
            + ": setting '"
            + name
            + "' must be one of "
            + String.join(", ", names)
            + ", not '"
            + value
            + "'");
  }

  /** The servers, tried in order (failover). */
  public List<Server> servers() {
    return servers;
  }

  /** How connections are protected. */
  public Security security() {
    return security;
  }

  /**
   * The trust store holding the server's certificate or its CA, if given (else the JVM's trust
   * store).
   */
  public Optional<Path> trustStore() {
    return Optional.ofNullable(trustStore);
  }

  /** The trust store's password. */
  public Optional<Secret> trustStorePassword() {
    return Optional.ofNullable(trustStorePassword);
  }

  /** Whether every server certificate is accepted without any check. Insecure; for tests only. */
  public boolean trustAllCertificatesInsecurely() {
    return trustAllCertificatesInsecurely;
  }

  /** How the source logs in. */
  public Bind bind() {
    return bind;
  }

  /** Whether a simple bind may send its password over an unencrypted connection. */
  public boolean allowSimpleBindWithoutEncryption() {
    return allowSimpleBindWithoutEncryption;
  }

  /** How long to wait for a TCP (and TLS) connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long to wait for each response. */
  public Duration responseTimeout() {
    return responseTimeout;
  }

  /** The most connections the pool holds. */
  public int poolSize() {
    return poolSize;
  }

  /** The base DN to read under, if set (else the server's default naming context). */
  public Optional<String> baseDn() {
    return Optional.ofNullable(baseDn);
  }

  /** Entries per page. */
  public int pageSize() {
    return pageSize;
  }

  /**
   * The most entries one search may return (0: no client limit; the server's own limit still
   * applies).
   */
  public int sizeLimit() {
    return sizeLimit;
  }

  /** The longest one search may run (zero: no client limit). */
  public Duration timeLimit() {
    return timeLimit;
  }

  /**
   * Overrides of the attribute read for a user field: field name to attribute names, the first
   * present wins.
   */
  public Map<String, List<String>> attributeMapping() {
    return attributeMapping;
  }

  /**
   * Further attributes read for every user and handed on in {@link
   * dev.umt.directory.DirectoryUser#attributes()}.
   */
  public List<String> extraAttributes() {
    return extraAttributes;
  }

  /** A filter every user must also match, if set (already validated). */
  public Optional<String> extraUserFilter() {
    return Optional.ofNullable(extraUserFilter);
  }

  /** How nested groups are expanded. */
  public GroupExpansion groupExpansion() {
    return groupExpansion;
  }

  /** Which change feed to offer ({@link ChangeFeed#AUTO} by default). */
  public ChangeFeed changeFeed() {
    return changeFeed;
  }

  /**
   * Values per step when a range of a large multi-valued attribute is asked for explicitly (AD:
   * 1500).
   */
  public int rangeSize() {
    return rangeSize;
  }

  /**
   * Whether every search (base, scope, filter, attributes, controls) and every page (entries,
   * elapsed ms, whether more follow) is logged at INFO to the logger {@code dev.umt.ldap.search};
   * otherwise at DEBUG.
   */
  public boolean detailedLogging() {
    return detailedLogging;
  }

  /** Whether connections are encrypted. */
  public boolean encrypted() {
    return security != Security.NONE;
  }

  @Override
  public String toString() {
    return "LdapConfig[servers="
        + servers
        + ", security="
        + security
        + ", bind="
        + bind.describe()
        + (baseDn == null ? "" : ", baseDn=" + baseDn)
        + "]";
  }

  /** Builds an {@link LdapConfig}. Not thread-safe. */
  public static final class Builder {
    private final List<Server> servers = new ArrayList<>();
    private Security security = Security.STARTTLS;
    private Path trustStore;
    private Secret trustStorePassword;
    private boolean trustAllCertificatesInsecurely;
    private Bind bind = Bind.anonymous();
    private boolean allowSimpleBindWithoutEncryption;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ofSeconds(30);
    private int poolSize = 4;
    private String baseDn;
    private int pageSize = 500;
    private int sizeLimit;
    private Duration timeLimit = Duration.ZERO;
    private final Map<String, List<String>> attributeMapping = new LinkedHashMap<>();
    private final List<String> extraAttributes = new ArrayList<>();
    private String extraUserFilter;
    private GroupExpansion groupExpansion = GroupExpansion.AUTO;
    private ChangeFeed changeFeed = ChangeFeed.AUTO;
    private int rangeSize = 1500;
    private boolean detailedLogging;
    private final List<Integer> defaultPorts = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a server; servers are tried in the order added. A port of -1 means the default for the
     * security (389 or 636).
     */
    public Builder server(String host, int port) {
      if (port == -1) {
        servers.add(new Server(host, 389));
        defaultPorts.add(servers.size() - 1);
      } else {
        servers.add(new Server(host, port));
      }
      return this;
    }

    public Builder security(Security v) {
      security = java.util.Objects.requireNonNull(v, "security");
      return this;
    }

    /**
     * Trusts the certificates in {@code file} (PKCS#12 or JKS) instead of the JVM's trust store.
     */
    public Builder trustStore(Path file, Secret password) {
      trustStore = java.util.Objects.requireNonNull(file, "trust store");
      trustStorePassword = java.util.Objects.requireNonNull(password, "trust store password");
      return this;
    }

    /**
     * Accepts any server certificate and host name. Anyone on the network can then read the bind
     * password; for tests only.
     */
    public Builder trustAllCertificatesInsecurely(boolean v) {
      trustAllCertificatesInsecurely = v;
      return this;
    }

    public Builder bind(Bind v) {
      bind = java.util.Objects.requireNonNull(v, "bind");
      return this;
    }

    /** Allows a simple bind over plain LDAP, which sends the password in clear. Off by default. */
    public Builder allowSimpleBindWithoutEncryption(boolean v) {
      allowSimpleBindWithoutEncryption = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder responseTimeout(Duration v) {
      responseTimeout = v;
      return this;
    }

    public Builder poolSize(int v) {
      poolSize = v;
      return this;
    }

    public Builder baseDn(String v) {
      baseDn = v;
      return this;
    }

    public Builder pageSize(int v) {
      pageSize = v;
      return this;
    }

    public Builder sizeLimit(int v) {
      sizeLimit = v;
      return this;
    }

    public Builder timeLimit(Duration v) {
      timeLimit = v;
      return this;
    }

    /**
     * Reads user field {@code field} (one of {@link #MAPPABLE_FIELDS}) from {@code attributes}, the
     * first present wins.
     */
    public Builder mapAttribute(String field, String... attributes) {
      if (!MAPPABLE_FIELDS.contains(field)) {
        throw new ConfigurationException(
            "cannot map unknown user field '"
                + field
                + "'; fields are "
                + String.join(", ", MAPPABLE_FIELDS));
      }
      List<String> names = new ArrayList<>();
      for (String a : attributes) {
        if (a != null && !a.isBlank()) {
          names.add(a.trim());
        }
      }
      if (names.isEmpty()) {
        throw new ConfigurationException(
            "mapping of user field '" + field + "' names no attribute");
      }
      attributeMapping.put(field, List.copyOf(names));
      return this;
    }

    public Builder extraAttribute(String name) {
      extraAttributes.add(name);
      return this;
    }

    /**
     * A filter in RFC 4515 form that every user must also match, such as {@code
     * (!(title=Contractor))}.
     */
    public Builder extraUserFilter(String v) {
      extraUserFilter = v;
      return this;
    }

    public Builder groupExpansion(GroupExpansion v) {
      groupExpansion = java.util.Objects.requireNonNull(v, "groupExpansion");
      return this;
    }

    public Builder changeFeed(ChangeFeed v) {
      changeFeed = java.util.Objects.requireNonNull(v, "changeFeed");
      return this;
    }

    public Builder rangeSize(int v) {
      rangeSize = v;
      return this;
    }

    /**
     * Logs every search and page at INFO rather than DEBUG (see {@link
     * LdapConfig#detailedLogging()}).
     */
    public Builder detailedLogging(boolean v) {
      detailedLogging = v;
      return this;
    }

    /**
     * Validates and builds. No network I/O.
     *
     * @throws ConfigurationException naming what is wrong
     */
    public LdapConfig build() {
      if (servers.isEmpty()) {
        throw new ConfigurationException("no LDAP server given");
      }
      if (security == Security.LDAPS) {
        for (int i : defaultPorts) {
          servers.set(i, new Server(servers.get(i).host(), 636));
        }
      }
      defaultPorts.clear();
      if (trustAllCertificatesInsecurely && trustStore != null) {
        throw new ConfigurationException(
            "give either a trust store ("
                + trustStore
                + ") or trustAllCertificatesInsecurely, not both");
      }
      if (bind instanceof Bind.Simple s
          && security == Security.NONE
          && !allowSimpleBindWithoutEncryption) {
        throw new ConfigurationException(
            "a simple bind as "
                + s.user()
                + " over unencrypted LDAP would send the password in clear: "
                + "use security STARTTLS or LDAPS, or set allowSimpleBindWithoutEncryption");
      }
      if (bind instanceof Bind.ClientCertificate && security == Security.NONE) {
        throw new ConfigurationException(
            "a client-certificate (SASL EXTERNAL) bind needs security STARTTLS or LDAPS");
      }
      requirePositive(connectTimeout, "connectTimeout");
      requirePositive(responseTimeout, "responseTimeout");
      if (timeLimit == null || timeLimit.isNegative()) {
        throw new ConfigurationException("timeLimit must be zero (none) or positive");
      }
      if (poolSize < 1 || poolSize > 100) {
        throw new ConfigurationException("poolSize must be between 1 and 100, not " + poolSize);
      }
      if (pageSize < 1 || pageSize > 100_000) {
        throw new ConfigurationException("pageSize must be between 1 and 100000, not " + pageSize);
      }
      if (sizeLimit < 0) {
        throw new ConfigurationException(
            "sizeLimit must be 0 (none) or positive, not " + sizeLimit);
      }
      if (rangeSize < 1) {
        throw new ConfigurationException("rangeSize must be positive, not " + rangeSize);
      }
      if (baseDn != null) {
        baseDn = baseDn.trim();
        if (baseDn.isEmpty()) {
          baseDn = null;
        } else if (!DN.isValidDN(baseDn)) {
          throw new ConfigurationException("baseDn '" + baseDn + "' is not a valid DN");
        }
      }
      if (extraUserFilter != null) {
        extraUserFilter = extraUserFilter.trim();
        if (extraUserFilter.isEmpty()) {
          extraUserFilter = null;
        } else {
          try {
            Filter.create(extraUserFilter);
          } catch (LDAPException e) {
            throw new ConfigurationException(
                "user filter '"
                    + extraUserFilter
                    + "' is not a valid LDAP filter: "
                    + e.getExceptionMessage());
          }
        }
      }
      return new LdapConfig(this);
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new ConfigurationException(name + " must be a positive duration, not " + d);
      }
    }
  }
}
