package dev.umt.rules;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Options of this installation, kept by a {@link LocalOptionsStore} in its data folder. Every field
 * has a default ({@link #defaults()}).
 *
 * @param detailedRuleLogging log every rule decision and GoToMyPC API call (default false)
 * @param detailedDirectoryLogging log every directory search and page (default false)
 * @param pageSize users or accounts per page read, 1 to 10000 (default 500)
 * @param concurrency the most GoToMyPC calls in flight at once, 1 to 64 (default 4)
 * @param rateLimitPerSecond the most GoToMyPC calls per second, more than 0 and at most 1000, or
 *     null to use the target's own limit
 * @param proxy an HTTP proxy as {@code host:port} ({@code [::1]:3128} for IPv6), or null for a
 *     direct connection
 * @param stateStore where the state (ledger, tokens, runs, held plans, snapshot) lives: {@code
 *     json} (the data folder, the default) or {@code postgres} (PostgreSQL, shared by several
 *     nodes: {@code postgres} must then have a URL and a user)
 * @param postgres the PostgreSQL connection, used when {@code stateStore} is {@code postgres};
 *     never null
 */
public record LocalOptions(
    boolean detailedRuleLogging,
    boolean detailedDirectoryLogging,
    int pageSize,
    int concurrency,
    @Nullable Double rateLimitPerSecond,
    @Nullable String proxy,
    String stateStore,
    Postgres postgres) {

  /** The state store kept in the data folder (the default). */
  public static final String JSON = "json";

  /** The state store on PostgreSQL. */
  public static final String POSTGRES = "postgres";

  /**
   * Where a {@code postgres} state store is. Holds no password: {@code passwordEnv} names the
   * environment variable that holds it.
   *
   * @param url the JDBC URL ({@code jdbc:postgresql://host:port/database}, no password in it), or
   *     null
   * @param user the database user, or null
   * @param passwordEnv the NAME of the environment variable holding the password, or null for none
   *     (trust, certificate)
   * @param company the company key of the rows, or null for the GoToMyPC company UMT is logged in
   *     to
   * @param sslMode the driver's {@code sslmode} (disable, allow, prefer, require, verify-ca,
   *     verify-full), or null for the driver's default
   */
  public record Postgres(
      @Nullable String url,
      @Nullable String user,
      @Nullable String passwordEnv,
      @Nullable String company,
      @Nullable String sslMode) {
    /** Nothing set. */
    public static final Postgres NONE = new Postgres(null, null, null, null, null);

    public Postgres {
      url = blankToNull(url);
      user = blankToNull(user);
      passwordEnv = blankToNull(passwordEnv);
      company = blankToNull(company);
      sslMode = blankToNull(sslMode);
    }

    private static String blankToNull(String v) {
      return v == null || v.isBlank() ? null : v.strip();
    }
  }

  private static final LocalOptions DEFAULTS = builder().build();

  public LocalOptions {
    proxy = proxy == null || proxy.isBlank() ? null : proxy.strip();
    stateStore = stateStore == null || stateStore.isBlank() ? JSON : stateStore.strip();
    postgres = postgres == null ? Postgres.NONE : postgres;
    List<String> problems =
        OptionsCodec.checkLocal(pageSize, concurrency, rateLimitPerSecond, proxy);
    problems.addAll(OptionsCodec.checkStateStore(stateStore, postgres));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Every option at its default. */
  public static LocalOptions defaults() {
    return DEFAULTS;
  }

  /** Whether the state lives in PostgreSQL ({@code stateStore} is {@code postgres}). */
  public boolean usesPostgres() {
    return POSTGRES.equals(stateStore);
  }

  /** The proxy as an unresolved address, if one is set. */
  public Optional<InetSocketAddress> proxyAddress() {
    return Optional.ofNullable(proxy).map(OptionsCodec::proxyAddress);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from these options. */
  public Builder toBuilder() {
    return new Builder()
        .detailedRuleLogging(detailedRuleLogging)
        .detailedDirectoryLogging(detailedDirectoryLogging)
        .pageSize(pageSize)
        .concurrency(concurrency)
        .rateLimitPerSecond(rateLimitPerSecond)
        .proxy(proxy)
        .stateStore(stateStore)
        .postgres(postgres);
  }

  /** Builds {@link LocalOptions}, starting from the defaults. */
  public static final class Builder {
    private boolean detailedRuleLogging;
    private boolean detailedDirectoryLogging;
    private int pageSize = 500;
    private int concurrency = 4;
    private Double rateLimitPerSecond;
    private String proxy;
    private String stateStore = JSON;
    private Postgres postgres = Postgres.NONE;

    private Builder() {}

    public Builder detailedRuleLogging(boolean v) {
      detailedRuleLogging = v;
      return this;
    }

    public Builder detailedDirectoryLogging(boolean v) {
      detailedDirectoryLogging = v;
      return this;
    }

    public Builder pageSize(int v) {
      pageSize = v;
      return this;
    }

    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    public Builder rateLimitPerSecond(Double v) {
      rateLimitPerSecond = v;
      return this;
    }

    public Builder proxy(String v) {
      proxy = v;
      return this;
    }

    public Builder stateStore(String v) {
      stateStore = v;
      return this;
    }

    public Builder postgres(Postgres v) {
      postgres = v;
      return this;
    }

    public LocalOptions build() {
      return new LocalOptions(
          detailedRuleLogging,
          detailedDirectoryLogging,
          pageSize,
          concurrency,
          rateLimitPerSecond,
          proxy,
          stateStore,
          postgres);
    }
  }
}
