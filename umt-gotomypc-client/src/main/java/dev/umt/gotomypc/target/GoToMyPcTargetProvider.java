package dev.umt.gotomypc.target;

import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.Settings;
import dev.umt.gotomypc.ApiConventions;
import dev.umt.gotomypc.CircuitBreakerPolicy;
import dev.umt.gotomypc.GoToMyPcClient;
import dev.umt.gotomypc.RateLimitPolicy;
import dev.umt.gotomypc.RetryPolicy;
import dev.umt.gotomypc.TokenStore;
import dev.umt.target.ProvisioningTarget;
import dev.umt.target.ProvisioningTargetProvider;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link GoToMyPcTarget}s of type {@code gotomypc} from settings. Required: {@code clientId},
 * {@code clientSecret}. Optional: {@code company} (key or name), {@code licenseKey}, {@code
 * tokenFile} (default {@code ~/.umt/gotomypc-refresh-token}), {@code refreshToken} (saved to the
 * token file when it holds none), {@code baseUrl}, {@code tokenUrl}, {@code authorizeUrl}, {@code
 * connectTimeout}, {@code requestTimeout}, {@code tokenRequestTimeout}, {@code refreshAhead}
 * (ISO-8601 durations), {@code requestsPerSecond} (10, a decimal: at most that many in any second
 * as the service counts them, each held from its send until a second after its answer), {@code
 * retry.maxAttempts} (5), {@code retry.initialBackoff}, {@code retry.maxBackoff}, {@code
 * retry.maxRetryAfter}, {@code circuitBreaker.failureRatePercent}, {@code
 * circuitBreaker.openDuration}, {@code maxUsersPerCreate} (100), {@code licenseProduct} ({@code
 * G2PC}), {@code settingsProduct} ({@code G2PC}), {@code maxConcurrency} (4), {@code indexMaxAge}
 * (PT5M), {@code proxy} ({@code host:port}). An unknown setting is an error naming it.
 */
public final class GoToMyPcTargetProvider implements ProvisioningTargetProvider {
  private static final Set<String> KNOWN = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    KNOWN.addAll(
        Set.of(
            "clientId",
            "clientSecret",
            "company",
            "licenseKey",
            "tokenFile",
            "refreshToken",
            "baseUrl",
            "tokenUrl",
            "authorizeUrl",
            "connectTimeout",
            "requestTimeout",
            "tokenRequestTimeout",
            "refreshAhead",
            "requestsPerSecond",
            "retry.maxAttempts",
            "retry.initialBackoff",
            "retry.maxBackoff",
            "retry.maxRetryAfter",
            "circuitBreaker.failureRatePercent",
            "circuitBreaker.openDuration",
            "indexMaxAge",
            "maxUsersPerCreate",
            "licenseProduct",
            "settingsProduct",
            "maxConcurrency",
            "proxy"));
  }

  @Override
  public String type() {
    return "gotomypc";
  }

  @Override
  public ProvisioningTarget create(Settings s) {
    return create(s, null);
  }

  /**
   * Like {@link #create(Settings)}, but the refresh token lives in {@code tokens} (an application's
   * own store, such as an encrypted secrets file) instead of {@code tokenFile}; the {@code
   * refreshToken} setting still seeds it while it holds none. No I/O.
   *
   * @param tokens where the refresh token is kept, or null for the {@code tokenFile} setting
   * @throws ConfigurationException for an unknown or bad setting, naming it
   */
  public ProvisioningTarget create(Settings s, @Nullable TokenStore tokens) {
    for (String name : s.names()) {
      if (!KNOWN.contains(name)) {
        throw new ConfigurationException(
            s.origin() + ": unknown GoToMyPC setting '" + name + "'; known settings: " + KNOWN);
      }
    }
    GoToMyPcClient.Builder b =
        GoToMyPcClient.builder()
            .clientId(s.require("clientId"))
            .clientSecret(
                s.secret("clientSecret")
                    .orElseThrow(
                        () ->
                            new ConfigurationException(
                                s.origin() + ": setting 'clientSecret' is required")));
    s.get("baseUrl").ifPresent(b::baseUrl);
    s.get("tokenUrl").ifPresent(b::tokenUrl);
    s.get("authorizeUrl").ifPresent(b::authorizeUrl);
    b.connectTimeout(s.getDuration("connectTimeout", Duration.ofSeconds(10)));
    b.requestTimeout(s.getDuration("requestTimeout", Duration.ofSeconds(60)));
    b.tokenRequestTimeout(s.getDuration("tokenRequestTimeout", Duration.ofSeconds(60)));
    b.refreshAhead(s.getDuration("refreshAhead", Duration.ofMinutes(5)));
    s.get("requestsPerSecond")
        .ifPresent(v -> b.rateLimit(RateLimitPolicy.perSecond(requestsPerSecond(v, s.origin()))));
    RetryPolicy r = RetryPolicy.DEFAULT;
    CircuitBreakerPolicy c = CircuitBreakerPolicy.DEFAULT;
    ApiConventions conventions = ApiConventions.DEFAULT;
    try {
      r =
          new RetryPolicy(
              s.getInt("retry.maxAttempts", r.maxAttempts()),
              s.getDuration("retry.initialBackoff", r.initialBackoff()),
              r.multiplier(),
              s.getDuration("retry.maxBackoff", r.maxBackoff()),
              r.jitter(),
              s.getDuration("retry.maxRetryAfter", r.maxRetryAfter()));
      c =
          new CircuitBreakerPolicy(
              s.getInt("circuitBreaker.failureRatePercent", c.failureRatePercent()),
              c.windowSize(),
              c.minimumCalls(),
              s.getDuration("circuitBreaker.openDuration", c.openDuration()));
      conventions =
          conventions
              .withMaxUsersPerCreate(s.getInt("maxUsersPerCreate", conventions.maxUsersPerCreate()))
              .withLicenseProduct(s.get("licenseProduct").orElse(conventions.licenseProduct()))
              .withSettingsProduct(s.get("settingsProduct").orElse(conventions.settingsProduct()));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(s.origin() + ": " + e.getMessage(), e);
    }
    b.retry(r).circuitBreaker(c).conventions(conventions);
    Path tokenFile =
        s.get("tokenFile")
            .map(Path::of)
            .orElse(Path.of(System.getProperty("user.home"), ".umt", "gotomypc-refresh-token"));
    TokenStore store = tokens != null ? tokens : TokenStore.open(tokenFile);
    Optional<Secret> seed = s.secret("refreshToken");
    if (seed.isPresent()) {
      store = seeded(store, seed.get());
    }
    b.tokenStore(store);
    s.get("proxy").ifPresent(p -> b.proxy(proxy(p, s.origin())));
    GoToMyPcClient client = b.build();
    return GoToMyPcTarget.builder()
        .client(client)
        .ownsClient(true)
        .company(s.get("company").orElse(null))
        .licenseKey(s.get("licenseKey").orElse(null))
        .maxConcurrency(s.getInt("maxConcurrency", 4))
        .indexMaxAge(s.getDuration("indexMaxAge", Duration.ofMinutes(5)))
        .build();
  }

  /** A store that answers {@code seed} until the file holds a token (saving writes the file). */
  private static TokenStore seeded(TokenStore file, Secret seed) {
    return new TokenStore() {
      @Override
      public Optional<Secret> load() {
        Optional<Secret> stored = file.load();
        return stored.isPresent() ? stored : Optional.of(seed);
      }

      @Override
      public void save(Secret refreshToken) {
        file.save(refreshToken);
      }

      @Override
      public void checkWritable() {
        file.checkWritable();
      }

      @Override
      public String toString() {
        return file + " (seeded from the refreshToken setting)";
      }
    };
  }

  /**
   * A decimal number of requests per second, more than 0 and at most 1000 (as the CLI's {@code
   * rateLimitPerSecond}).
   */
  private static double requestsPerSecond(String value, String origin) {
    double rps;
    try {
      rps = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      rps = Double.NaN;
    }
    if (!(rps > 0 && rps <= 1000)) {
      throw new ConfigurationException(
          origin
              + ": setting 'requestsPerSecond' must be a number more than 0 and at most 1000, not '"
              + value
              + "'");
    }
    return rps;
  }

  private static Proxy proxy(String value, String origin) {
    int colon = value.lastIndexOf(':');
    try {
      if (colon > 0) {
        return new Proxy(
            Proxy.Type.HTTP,
            InetSocketAddress.createUnresolved(
                value.substring(0, colon), Integer.parseInt(value.substring(colon + 1))));
      }
    } catch (IllegalArgumentException e) {
      // fall through to the error below
    }
    throw new ConfigurationException(
        origin
            + ": setting 'proxy' must be host:port, not '"
            + value.toLowerCase(Locale.ROOT)
            + "'");
  }
}
