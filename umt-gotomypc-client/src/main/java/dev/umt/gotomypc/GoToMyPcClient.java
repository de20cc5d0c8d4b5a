package dev.umt.gotomypc;

import com.squareup.moshi.Moshi;
import dev.umt.ConfigurationException;
import dev.umt.Secret;
import dev.umt.gotomypc.internal.Dto;
import dev.umt.gotomypc.internal.GoToMyPcApi;
import dev.umt.gotomypc.internal.Redactor;
import dev.umt.gotomypc.internal.RequestExecutor;
import dev.umt.gotomypc.internal.StrictMoshiConverterFactory;
import dev.umt.gotomypc.internal.TokenManager;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;

/**
 * A client of the GoToMyPC Admin API (JSON over HTTPS, OAuth 2), usable without the sync engine.
 * Thread-safe; close it to release its connections. Every call paces itself under the {@link
 * RateLimitPolicy}, retries under the {@link RetryPolicy}, stops calling a service that is down
 * under the {@link CircuitBreakerPolicy}, refreshes the access token ahead of expiry and once on an
 * HTTP 401, and saves each new refresh token to the {@link TokenStore}. Failures are the {@link
 * GoToMyPcFailure} exceptions; none carries a token or the client secret.
 *
 * <pre>{@code
 * try (GoToMyPcClient client = GoToMyPcClient.builder()
 *     .clientId("my-client-id")
 *     .clientSecret(Secret.of(System.getenv("GOTOMYPC_CLIENT_SECRET")))
 *     .tokenStore(TokenStore.open(Path.of("/var/lib/umt/gotomypc.token")))
 *     .build()) {
 *   CompanyClient company = client.company(client.chooseCompany("Example Corp").key());
 *   company.findUserByEmail("alice@example.com").ifPresent(u -> company.suspend(u.key()));
 * }
 * }</pre>
 */
public final class GoToMyPcClient implements AutoCloseable {
  /** The documented API base. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.getgo.com/");

  /** The documented token endpoint. */
  public static final URI DEFAULT_TOKEN_URL =
      URI.create("https://authentication.logmeininc.com/oauth/token");

  /** The documented authorize endpoint of the one-time set-up. */
  public static final URI DEFAULT_AUTHORIZE_URL =
      URI.create("https://authentication.logmeininc.com/oauth/authorize");

  private final URI baseUrl;
  private final URI authorizeUrl;
  private final String clientId;
  private final ApiConventions conventions;
  private final OkHttpClient http;
  private final GoToMyPcApi api;
  private final RequestExecutor executor;
  private final TokenManager tokens;
  private final RateLimitPolicy rateLimit;

  private GoToMyPcClient(Builder b) {
    this.baseUrl = b.baseUrl;
    this.authorizeUrl = b.authorizeUrl;
    this.clientId = b.clientId;
    this.conventions = b.conventions;
    this.rateLimit = b.rateLimit;
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(b.connectTimeout)
            .readTimeout(b.requestTimeout)
            .writeTimeout(b.requestTimeout)
            .callTimeout(b.requestTimeout.plus(b.connectTimeout))
            .retryOnConnectionFailure(false)
            .followRedirects(false)
            .socketFactory(new NoDelaySocketFactory());
    if (b.proxy != null) {
      http.proxy(b.proxy);
    }
    this.http = http.build();
    Moshi moshi = new Moshi.Builder().build();
    Redactor redactor = new Redactor();
    this.api = retrofit(b.baseUrl, this.http, moshi);
    // The token endpoint gets its own, longer timeout: a refresh whose answer is lost after the
    // service
    // rotated the refresh token would leave only a used-up token behind.
    OkHttpClient tokenHttp =
        this.http
            .newBuilder()
            .readTimeout(b.tokenRequestTimeout)
            .writeTimeout(b.tokenRequestTimeout)
            .callTimeout(b.tokenRequestTimeout.plus(b.connectTimeout))
            .build();
    this.executor =
        new RequestExecutor(
            b.rateLimit, b.paceClock, b.retry, b.circuitBreaker, redactor, b.clock, moshi);
    this.tokens =
        new TokenManager(
            retrofit(b.baseUrl, tokenHttp, moshi),
            executor,
            b.tokenUrl,
            b.clientId,
            b.clientSecret,
            b.tokenStore,
            b.refreshAhead,
            b.clock,
            redactor);
  }

  private static GoToMyPcApi retrofit(URI baseUrl, OkHttpClient http, Moshi moshi) {
    return new Retrofit.Builder()
        .baseUrl(baseUrl.toString())
        .client(http)
        .addConverterFactory(new StrictMoshiConverterFactory(moshi))
        .build()
        .create(GoToMyPcApi.class);
  }

  /** A builder; {@link Builder#clientId} and {@link Builder#clientSecret} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The URL a corporate manager opens once in a browser to grant access; the service then redirects
   * to {@code redirectUri} with a {@code code} to give to {@link #exchangeCode}. No I/O.
   */
  public URI authorizationUrl(URI redirectUri) {
    Objects.requireNonNull(redirectUri, "redirectUri");
    return URI.create(
        authorizeUrl
            + (authorizeUrl.getRawQuery() == null ? "?" : "&")
            + "client_id="
            + encode(clientId)
            + "&response_type=code&redirect_uri="
            + encode(redirectUri.toString()));
  }

  /**
   * Exchanges the code of the one-time set-up for tokens and saves the refresh token to the {@link
   * TokenStore}, so unattended runs can start.
   *
   * @throws GoToMyPcAuthenticationException when the token endpoint refuses the code or the client
   */
  public GrantInfo exchangeCode(String code, URI redirectUri) {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("authorization code is blank");
    }
    return tokens.exchangeCode(code.trim(), Objects.requireNonNull(redirectUri, "redirectUri"));
  }

  /**
   * Runs the refresh-token grant now (it also runs by itself when needed) and saves the new refresh
   * token.
   */
  public GrantInfo refreshTokens() {
    return tokens.refresh();
  }

  /** The manager the tokens belong to and their companies ({@code GET /admin/rest/v1/me}). */
  public Manager me() {
    Dto.Me me = send("the signed-in manager", api::me).body();
    List<Company> companies = new ArrayList<>();
    if (me.accounts() != null) {
      for (Dto.Account a : me.accounts()) {
        companies.add(new Company(a.key(), a.name()));
      }
    }
    return new Manager(
        me.key(), me.email(), me.firstName(), me.lastName(), me.accountKey(), companies);
  }

  /** The companies the manager belongs to. */
  public List<Company> companies() {
    return me().companies();
  }

  /**
   * The company whose key is {@code keyOrName}, else the one whose name is {@code keyOrName}
   * (ignoring case).
   *
   * @throws ConfigurationException when none or several match; the message lists the companies
   *     there are
   */
  public Company chooseCompany(String keyOrName) {
    List<Company> companies = companies();
    String wanted = Objects.requireNonNull(keyOrName, "keyOrName").trim();
    for (Company c : companies) {
      if (c.key().equals(wanted)) {
        return c;
      }
    }
    List<Company> byName =
        companies.stream()
            .filter(c -> c.name() != null && c.name().equalsIgnoreCase(wanted))
            .toList();
    if (byName.size() == 1) {
      return byName.get(0);
    }
    String choices =
        companies.stream()
            .map(c -> c.name() + " (key " + c.key() + ")")
            .collect(Collectors.joining(", "));
    if (byName.isEmpty()) {
      throw new ConfigurationException(
          "no GoToMyPC company has the key or name '"
              + wanted
              + "'; the manager's companies are: "
              + choices);
    }
    throw new ConfigurationException(
        "several GoToMyPC companies are named '"
            + wanted
            + "'; choose one by key: "
            + byName.stream()
                .map(c -> c.name() + " (key " + c.key() + ")")
                .collect(Collectors.joining(", ")));
  }

  /** The operations on one company's users, groups and licenses. No I/O. */
  public CompanyClient company(String companyKey) {
    if (companyKey == null || companyKey.isBlank()) {
      throw new IllegalArgumentException("company key is blank");
    }
    return new CompanyClient(this, companyKey.trim());
  }

  /** Checks that the service answers and the tokens work, by reading {@code /me}. */
  public void checkConnection() {
    me();
  }

  /** The conventions in use. */
  public ApiConventions conventions() {
    return conventions;
  }

  /** The rate limit in use. */
  public RateLimitPolicy rateLimit() {
    return rateLimit;
  }

  /** The base URL in use. */
  public URI baseUrl() {
    return baseUrl;
  }

  GoToMyPcApi api() {
    return api;
  }

  /** Sends an API call with the bearer token, refreshing once and retrying once on 401. */
  <T> Response<T> send(String subject, Function<String, Call<T>> call) {
    String bearer = tokens.bearer();
    try {
      return executor.execute(subject, true, () -> call.apply(bearer));
    } catch (RequestExecutor.Unauthorized first) {
      String fresh = tokens.afterRejection(bearer);
      try {
        return executor.execute(subject, true, () -> call.apply(fresh));
      } catch (RequestExecutor.Unauthorized second) {
        ErrorDetails d = second.details();
        throw new GoToMyPcAuthenticationException(
            new ErrorDetails(
                d.status(),
                d.request(),
                d.errorCode(),
                (d.errorMessage() != null ? d.errorMessage() + "; " : "")
                    + "still refused after a token refresh",
                d.rawBody(),
                d.subject()),
            null);
      }
    }
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "GoToMyPcClient[" + baseUrl + ", client " + clientId + "]";
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Configures a {@link GoToMyPcClient}; validates without network I/O. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private URI tokenUrl = DEFAULT_TOKEN_URL;
    private URI authorizeUrl = DEFAULT_AUTHORIZE_URL;
    private String clientId;
    private Secret clientSecret;
    private TokenStore tokenStore;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration tokenRequestTimeout = Duration.ofSeconds(60);
    private Duration refreshAhead = Duration.ofMinutes(5);
    private RateLimitPolicy rateLimit = RateLimitPolicy.DEFAULT;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private CircuitBreakerPolicy circuitBreaker = CircuitBreakerPolicy.DEFAULT;
    private ApiConventions conventions = ApiConventions.DEFAULT;
    private Proxy proxy;
    private Clock clock = Clock.systemUTC();
    private PaceClock paceClock = PaceClock.system();

    private Builder() {}

    /**
     * The API base, {@code https://api.getgo.com/} by default; https, or http to a loopback host
     * only (127.0.0.0/8, ::1, localhost).
     */
    public Builder baseUrl(String url) {
      this.baseUrl = httpUrl(url, "baseUrl", true);
      return this;
    }

    /**
     * The token endpoint, {@code https://authentication.logmeininc.com/oauth/token} by default;
     * https, or http to a loopback host only (127.0.0.0/8, ::1, localhost).
     */
    public Builder tokenUrl(String url) {
      this.tokenUrl = httpUrl(url, "tokenUrl", false);
      return this;
    }

    /**
     * The authorize endpoint, {@code https://authentication.logmeininc.com/oauth/authorize} by
     * default; https, or http to a loopback host only (127.0.0.0/8, ::1, localhost).
     */
    public Builder authorizeUrl(String url) {
      this.authorizeUrl = httpUrl(url, "authorizeUrl", false);
      return this;
    }

    /** The OAuth client id. Required. */
    public Builder clientId(String id) {
      this.clientId = id == null ? null : id.trim();
      return this;
    }

    /** The OAuth client secret. Required. */
    public Builder clientSecret(Secret secret) {
      this.clientSecret = secret;
      return this;
    }

    /**
     * Where the refresh token lives; by default the file {@code ~/.umt/gotomypc-refresh-token},
     * owner-only.
     */
    public Builder tokenStore(TokenStore store) {
      this.tokenStore = Objects.requireNonNull(store, "tokenStore");
      return this;
    }

    /** Time to open a connection, 10 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Time for one request to be sent and answered, 60 s by default; a slower answer is an I/O
     * error and retried.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /**
     * Time for one token endpoint request, 60 s by default; kept apart from {@link #requestTimeout}
     * because giving up on a refresh the service has already answered loses a rotated refresh
     * token.
     */
    public Builder tokenRequestTimeout(Duration timeout) {
      this.tokenRequestTimeout = positive(timeout, "tokenRequestTimeout");
      return this;
    }

    /**
     * How long before expiry the access token is refreshed, 5 minutes by default (at most half its
     * lifetime).
     */
    public Builder refreshAhead(Duration ahead) {
      if (ahead == null || ahead.isNegative()) {
        throw new ConfigurationException("GoToMyPC refreshAhead must not be negative");
      }
      this.refreshAhead = ahead;
      return this;
    }

    /** The pace, {@link RateLimitPolicy#DEFAULT} by default. */
    public Builder rateLimit(RateLimitPolicy policy) {
      this.rateLimit = Objects.requireNonNull(policy, "rateLimit");
      return this;
    }

    /** The retries, {@link RetryPolicy#DEFAULT} by default. */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy, "retry");
      return this;
    }

    /** The circuit breaker, {@link CircuitBreakerPolicy#DEFAULT} by default. */
    public Builder circuitBreaker(CircuitBreakerPolicy policy) {
      this.circuitBreaker = Objects.requireNonNull(policy, "circuitBreaker");
      return this;
    }

    /** The assumed parts of the wire format, {@link ApiConventions#DEFAULT} by default. */
    public Builder conventions(ApiConventions conventions) {
      this.conventions = Objects.requireNonNull(conventions, "conventions");
      return this;
    }

    /** An HTTP proxy, none by default. */
    public Builder proxy(Proxy proxy) {
      this.proxy = proxy;
      return this;
    }

    /**
     * The clock token expiry is measured with; the system clock by default (tests pass their own).
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The time the pace runs on, {@link PaceClock#system()} by default; tests pass a fake one (and
     * the same to the service's stand-in) so that a paced run needs no real waiting.
     */
    public Builder paceClock(PaceClock clock) {
      this.paceClock = Objects.requireNonNull(clock, "paceClock");
      return this;
    }

    /**
     * A client. No I/O.
     *
     * @throws ConfigurationException when the client id or secret is missing
     */
    public GoToMyPcClient build() {
      if (clientId == null || clientId.isEmpty()) {
        throw new ConfigurationException("GoToMyPC clientId is required");
      }
      if (clientSecret == null || clientSecret.isEmpty()) {
        throw new ConfigurationException("GoToMyPC clientSecret is required");
      }
      if (tokenStore == null) {
        tokenStore =
            TokenStore.open(
                Path.of(System.getProperty("user.home"), ".umt", "gotomypc-refresh-token"));
      }
      return new GoToMyPcClient(this);
    }

    /**
     * An https URL, or an http one to a loopback host (127.0.0.0/8, ::1, localhost) only, with a
     * port in 1 to 65535 and a form OkHttp accepts; anything else is a {@link
     * ConfigurationException} naming the setting and the value.
     */
    private static URI httpUrl(String url, String what, boolean folder) {
      if (url == null || url.isBlank()) {
        throw new ConfigurationException("GoToMyPC " + what + " is blank");
      }
      URI uri;
      try {
        uri = new URI(url.trim());
      } catch (URISyntaxException e) {
        throw new ConfigurationException(
            "GoToMyPC " + what + " '" + url + "' is not a URL: " + e.getMessage());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
        throw new ConfigurationException(
            "GoToMyPC " + what + " '" + url + "' must be an http or https URL with a host");
      }
      if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65535)) {
        throw new ConfigurationException(
            "GoToMyPC "
                + what
                + " '"
                + url
                + "' is not a valid URL: port "
                + uri.getPort()
                + " is outside 1 to 65535");
      }
      if (HttpUrl.parse(uri.toString()) == null) {
        throw new ConfigurationException("GoToMyPC " + what + " '" + url + "' is not a valid URL");
      }
      if (scheme.equals("http") && !loopback(uri.getHost())) {
        throw new ConfigurationException(
            "GoToMyPC "
                + what
                + " '"
                + url
                + "' must use https: plain http, which would carry tokens and secrets in clear, is"
                + " allowed only to a loopback host (127.0.0.0/8, ::1, localhost)");
      }
      if (folder && !uri.toString().endsWith("/")) {
        uri = URI.create(uri + "/");
      }
      return uri;
    }

    /**
     * Whether a URL's host is {@code localhost} or an address literal in 127.0.0.0/8 or {@code
     * ::1}; no name is looked up.
     */
    static boolean loopback(String host) {
      String h = host.toLowerCase(Locale.ROOT);
      if (h.equals("localhost")) {
        return true;
      }
      if (h.startsWith("[") && h.endsWith("]")) {
        try {
          return InetAddress.getByName(h.substring(1, h.length() - 1))
              .isLoopbackAddress(); // a literal with ':' is never looked up
        } catch (UnknownHostException e) {
          return false;
        }
      }
      // URI has checked an address literal's octets; any other name but localhost is not loopback,
      // and nothing is resolved
      return h.matches("127(\\.\\d{1,3}){3}");
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new ConfigurationException("GoToMyPC " + what + " must be positive, not " + d);
      }
      return d;
    }
  }
}
