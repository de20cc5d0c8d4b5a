package dev.umt.rules;

import dev.umt.rules.internal.OptionsCodec;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * Options of this installation, kept by a {@link LocalOptionsStore} in its data folder. Every field
 * has a default ({@link #defaults()}).
 *
 * @param detailedRuleLogging log every rule decision and GoToMyPC API call (default false)
 * @param detailedDirectoryLogging log every directory search and page (default false)
 * @param pageSize users or accounts per page read, 1 to 10000 (default 500)
 * @param concurrency the most GoToMyPC calls in flight at once, 1 to 64 (default 4)
 * @param rateLimitPerSecond the most GoToMyPC calls per second, more than 0 and at most 1000, or null to use the target's own limit
 * @param proxy an HTTP proxy as {@code host:port} ({@code [::1]:3128} for IPv6), or null for a direct connection
 */
public record LocalOptions(
    boolean detailedRuleLogging,
    boolean detailedDirectoryLogging,
    int pageSize,
    int concurrency,
    Double rateLimitPerSecond,
    String proxy) {

  private static final LocalOptions DEFAULTS = builder().build();

  public LocalOptions {
    proxy = proxy == null || proxy.isBlank() ? null : proxy.strip();
    List<String> problems = OptionsCodec.checkLocal(pageSize, concurrency, rateLimitPerSecond, proxy);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /** Every option at its default. */
  public static LocalOptions defaults() {
    return DEFAULTS;
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
    return new Builder().detailedRuleLogging(detailedRuleLogging).detailedDirectoryLogging(detailedDirectoryLogging)
        .pageSize(pageSize).concurrency(concurrency).rateLimitPerSecond(rateLimitPerSecond).proxy(proxy);
  }

  /** Builds {@link LocalOptions}, starting from the defaults. */
  public static final class Builder {
    private boolean detailedRuleLogging;
    private boolean detailedDirectoryLogging;
    private int pageSize = 500;
    private int concurrency = 4;
    private Double rateLimitPerSecond;
    private String proxy;

    private Builder() {}

    public Builder detailedRuleLogging(boolean v) { detailedRuleLogging = v; return this; }
    public Builder detailedDirectoryLogging(boolean v) { detailedDirectoryLogging = v; return this; }
    public Builder pageSize(int v) { pageSize = v; return this; }
    public Builder concurrency(int v) { concurrency = v; return this; }
    public Builder rateLimitPerSecond(Double v) { rateLimitPerSecond = v; return this; }
    public Builder proxy(String v) { proxy = v; return this; }

    public LocalOptions build() {
      return new LocalOptions(detailedRuleLogging, detailedDirectoryLogging, pageSize, concurrency, rateLimitPerSecond, proxy);
    }
  }
}
