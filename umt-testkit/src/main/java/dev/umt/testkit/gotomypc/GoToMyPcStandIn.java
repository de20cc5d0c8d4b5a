package dev.umt.testkit.gotomypc;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful stand-in for the GoToMyPC Admin API and its OAuth token endpoint, as {@code
 * gotomypc-api.md} describes them, on the JDK's HTTP server bound to 127.0.0.1 on a free port. It
 * holds several companies with users, groups and subgroups, and licenses with seats; issues
 * expiring access tokens and revocable, rotating refresh tokens; answers more than {@link
 * Builder#requestsPerSecond} API requests in any sliding one-second window with HTTP 429 (every API
 * request that arrives counts, its answer whatever it is; {@link #maxRequestsInAnySecond()} reports
 * the fullest window seen); and is strict: unknown fields, unknown query parameters and bad values
 * get HTTP 400 naming them. Knobs add latency, fail the next requests with a status, or drop the
 * next connections without an answer. Thread-safe.
 *
 * <pre>{@code
 * try (GoToMyPcStandIn standIn = GoToMyPcStandIn.builder().build().start()) {
 *   String company = standIn.addCompany("Example Corp");
 *   String license = standIn.addLicense(company, "GoToMyPC Corporate", List.of("G2PC"), 50);
 *   String refreshToken = standIn.issueRefreshToken();
 *   // point a client at standIn.baseUrl() and standIn.tokenUrl() with standIn.clientId() / clientSecret()
 * }
 * }</pre>
 */
public final class GoToMyPcStandIn implements AutoCloseable {
  /**
   * The JDK's HTTP server leaves Nagle's algorithm on unless this property says otherwise when its
   * first server starts: every answer with a body (headers and body are two writes) then waited for
   * the client's delayed acknowledgement, about 40 ms a request on Linux, a tenth of the time a
   * request holds its place in the client's pace. Set here unless set already; it has no effect in
   * a JVM where a JDK HTTP server started before this class was loaded.
   */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private static final String API = "/admin/rest/v1";
  private static final String ACTIVE = "ACTIVE";
  private static final String SUSPENDED = "SUSPENDED";
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\"]+@[^@\\s\"]+\\.[^@\\s\"]+");
  private static final Pattern FILTER = Pattern.compile("email eq \"([^\"]*)\"");
  private static final Set<String> USER_ATTRIBUTES =
      Set.of("key", "email", "firstName", "lastName", "licenseKeys", "settings");

  private final String clientId;
  private final String clientSecret;
  private final boolean rotateRefreshTokens;
  private final boolean conflictOnExisting;
  private final int maxUsersPerCreate;
  private final String managerEmail;
  private final JsonAdapter<Object> json = new Moshi.Builder().build().adapter(Object.class);

  private final Object lock = new Object();
  private final Map<String, CompanyState> companies = new LinkedHashMap<>();
  private final Map<String, Instant> accessTokens = new HashMap<>();
  private final Set<String> refreshTokens = new HashSet<>();
  private final Map<String, String> codes = new HashMap<>();
  private final List<StandInRequest> requests = new ArrayList<>();
  private final AtomicLong requestCount = new AtomicLong();
  private final AtomicLong tooManyRequests = new AtomicLong();
  private final AtomicLong nextKey = new AtomicLong(7_000_000_001L);

  private volatile Duration tokenLifetime;
  private volatile Duration latency = Duration.ZERO;
  private int requestsPerSecond;

  /**
   * Arrival times (nanoTime) of the API requests of the last second, oldest first; under {@code
   * lock}.
   */
  private final ArrayDeque<Long> arrivals = new ArrayDeque<>();

  private int maxInAnySecond;
  private final LongSupplier rateClock;
  private int failCount;
  private int failStatus;
  private String failRetryAfter;
  private int dropCount;

  private HttpServer server;
  private ExecutorService pool;

  private GoToMyPcStandIn(Builder b) {
    this.clientId = b.clientId;
    this.clientSecret = b.clientSecret;
    this.rotateRefreshTokens = b.rotateRefreshTokens;
    this.conflictOnExisting = b.conflictOnExisting;
    this.maxUsersPerCreate = b.maxUsersPerCreate;
    this.managerEmail = b.managerEmail;
    this.tokenLifetime = b.tokenLifetime;
    this.requestsPerSecond = b.requestsPerSecond;
    this.rateClock = b.rateClock;
  }

  /**
   * A builder with the documented defaults: 10 requests per second, one-hour access tokens,
   * rotating refresh tokens.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts serving on 127.0.0.1 and a free port; returns this. */
  public GoToMyPcStandIn start() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot start the GoToMyPC stand-in on 127.0.0.1: " + e.getMessage(), e);
    }
    pool =
        Executors.newFixedThreadPool(
            16,
            r -> {
              Thread t = new Thread(r, "gotomypc-stand-in");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** Stops the server. */
  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
      pool.shutdownNow();
      server = null;
    }
  }

  /** The API base, such as {@code http://127.0.0.1:41234/}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** The token endpoint. */
  public String tokenUrl() {
    return baseUrl() + "oauth/token";
  }

  /** The authorize endpoint. */
  public String authorizeUrl() {
    return baseUrl() + "oauth/authorize";
  }

  /** The port served on. */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("the stand-in is not started");
    }
    return server.getAddress().getPort();
  }

  /** The OAuth client id it accepts. */
  public String clientId() {
    return clientId;
  }

  /** The OAuth client secret it accepts. */
  public String clientSecret() {
    return clientSecret;
  }

  /** The manager's email ({@code principal} and {@code /me}). */
  public String managerEmail() {
    return managerEmail;
  }

  /**
   * Settings for the {@code gotomypc} provisioning target provider pointing at this stand-in:
   * client id and secret, URLs, the company, a fresh refresh token and the token file to keep it
   * in. Add or override entries (such as {@code licenseKey}) in the returned mutable map.
   */
  public Map<String, String> targetSettings(String companyKey, java.nio.file.Path tokenFile) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("clientId", clientId);
    settings.put("clientSecret", clientSecret);
    settings.put("baseUrl", baseUrl());
    settings.put("tokenUrl", tokenUrl());
    settings.put("authorizeUrl", authorizeUrl());
    settings.put("company", companyKey);
    settings.put("tokenFile", tokenFile.toString());
    settings.put("refreshToken", issueRefreshToken());
    return settings;
  }

  // ---------------------------------------------------------------- seeding

  /** Adds a company the manager administers; returns its key. */
  public String addCompany(String name) {
    synchronized (lock) {
      String key = String.valueOf(nextKey.getAndIncrement());
      companies.put(key, new CompanyState(key, name));
      return key;
    }
  }

  /** Makes every API call on this company answer 403, as for a manager without the role. */
  public void forbidCompany(String companyKey) {
    synchronized (lock) {
      company(companyKey).forbidden = true;
    }
  }

  /** Adds a group, or a subgroup when {@code parentKey} is not null; returns its key. */
  public String addGroup(String companyKey, String name, String parentKey) {
    synchronized (lock) {
      CompanyState c = company(companyKey);
      if (parentKey != null && !c.groups.containsKey(parentKey)) {
        throw new IllegalArgumentException("no group " + parentKey + " in company " + companyKey);
      }
      String key = String.valueOf(nextKey.getAndIncrement());
      c.groups.put(key, new GroupState(key, name, parentKey));
      return key;
    }
  }

  /**
   * Users that {@code POST /users} creates in this company from now on land in this group, or in
   * none when null (the default). The Admin API documents no group that a create puts a user in (a
   * create's body has no settings), so this models an account whose new users land in a group.
   */
  public void newUsersGroup(String companyKey, String groupKey) {
    synchronized (lock) {
      CompanyState c = company(companyKey);
      if (groupKey != null && !c.groups.containsKey(groupKey)) {
        throw new IllegalArgumentException("no group " + groupKey + " in company " + companyKey);
      }
      c.newUsersGroup = groupKey;
    }
  }

  /** Adds a license granting {@code products} with {@code seats} seats; returns its key. */
  public String addLicense(String companyKey, String name, List<String> products, int seats) {
    synchronized (lock) {
      String key = String.valueOf(nextKey.getAndIncrement());
      company(companyKey)
          .licenses
          .put(key, new LicenseState(key, name, List.copyOf(products), seats));
      return key;
    }
  }

  /** Adds an active user without license or group, as if invited by hand; returns its key. */
  public String addUser(String companyKey, String email, String firstName, String lastName) {
    synchronized (lock) {
      String key = String.valueOf(nextKey.getAndIncrement());
      company(companyKey).add(new UserState(key, email, firstName, lastName, false));
      return key;
    }
  }

  /** A valid refresh token, as the one-time set-up would give. */
  public String issueRefreshToken() {
    synchronized (lock) {
      String token = "rt-" + UUID.randomUUID();
      refreshTokens.add(token);
      return token;
    }
  }

  /** A one-time authorization code for {@code redirectUri}, as the authorize step would give. */
  public String issueAuthorizationCode(String redirectUri) {
    synchronized (lock) {
      String code = "code-" + UUID.randomUUID();
      codes.put(code, redirectUri);
      return code;
    }
  }

  // ---------------------------------------------------------------- knobs

  /** Revokes every refresh token: the next refresh-token grant fails with {@code invalid_grant}. */
  public void revokeRefreshTokens() {
    synchronized (lock) {
      refreshTokens.clear();
    }
  }

  /** Expires every access token issued so far: the next API call gets 401. */
  public void expireAccessTokens() {
    synchronized (lock) {
      accessTokens.replaceAll((t, e) -> Instant.EPOCH);
    }
  }

  /** The lifetime of access tokens issued from now on. */
  public void tokenLifetime(Duration lifetime) {
    this.tokenLifetime = lifetime;
  }

  /** A delay added before every answer. */
  public void latency(Duration delay) {
    this.latency = delay;
  }

  /**
   * The API rate limit from now on; 0 turns it off. The sliding window starts afresh: requests that
   * arrived under the old limit do not count against the new one ({@link #maxRequestsInAnySecond()}
   * keeps what it saw).
   */
  public void requestsPerSecond(int limit) {
    synchronized (lock) {
      this.requestsPerSecond = limit;
      arrivals.clear();
    }
  }

  /** The next {@code count} API requests are answered with {@code status} and an error body. */
  public void failNext(int count, int status) {
    failNext(count, status, null);
  }

  /**
   * The next {@code count} API requests are answered with {@code status}, an error body and this
   * {@code Retry-After} (or none when null).
   */
  public void failNext(int count, int status, String retryAfter) {
    synchronized (lock) {
      failCount = count;
      failStatus = status;
      failRetryAfter = retryAfter;
    }
  }

  /**
   * The next {@code count} API requests get no answer: the connection is closed as soon as the
   * request arrives.
   */
  public void dropNext(int count) {
    synchronized (lock) {
      dropCount = count;
    }
  }

  // ---------------------------------------------------------------- per-call faults

  /**
   * A fault for the requests one call makes: {@code status} > 0 answers it, 0 drops the connection,
   * < 0 delays by -status ms.
   */
  private record CallFault(String method, java.util.regex.Pattern path, int status) {}

  private final List<CallFault> callFaults = new ArrayList<>();

  /**
   * The next {@code count} API requests with this method whose path matches {@code pathRegex} (a
   * regular expression over the whole path) meet a fault, before the other knobs and the rate
   * limit: {@code status} above 0 answers with that status and an error body (a 503 storm, a 429
   * storm), 0 closes the connection without an answer (a reset), and a negative status delays the
   * answer by that many milliseconds, then answers normally (a timeout for a client whose request
   * timeout is shorter). Faults added earlier are met first. Thread-safe.
   */
  public void failCalls(String method, String pathRegex, int count, int status) {
    failCallsAfter(0, method, pathRegex, count, status);
  }

  /**
   * As {@link #failCalls}, after letting the next {@code pass} matching requests through untouched.
   */
  public void failCallsAfter(int pass, String method, String pathRegex, int count, int status) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(pathRegex);
    synchronized (callFaults) {
      for (int i = 0; i < pass + count; i++) {
        callFaults.add(new CallFault(method, p, i < pass ? PASS : status));
      }
    }
  }

  private static final int PASS = Integer.MIN_VALUE;

  /**
   * Drops the faults {@link #failCalls} and {@link #failCallsAfter} added that were not met yet.
   */
  public void clearCallFaults() {
    synchronized (callFaults) {
      callFaults.clear();
    }
  }

  /** The requests {@link #holdUntilTogether} holds. */
  private record Gate(
      String method,
      Pattern path,
      java.util.concurrent.CountDownLatch arrived,
      java.util.concurrent.atomic.AtomicInteger left,
      Duration timeout,
      java.util.concurrent.atomic.AtomicBoolean missed) {}

  private volatile Gate gate;

  /**
   * Holds each of the next {@code parties} API requests with this method whose path matches {@code
   * pathRegex} until all of them have arrived, or {@code timeout} has passed, then lets them on: a
   * client that sends them one after another meets the timeout, one that sends them together does
   * not ({@link #heldTogether()}). Replaces an earlier hold. Thread-safe.
   */
  public void holdUntilTogether(String method, String pathRegex, int parties, Duration timeout) {
    gate =
        new Gate(
            method,
            Pattern.compile(pathRegex),
            new java.util.concurrent.CountDownLatch(parties),
            new java.util.concurrent.atomic.AtomicInteger(parties),
            timeout,
            new java.util.concurrent.atomic.AtomicBoolean());
  }

  /**
   * Whether the requests of the last {@link #holdUntilTogether} all arrived and none waited out its
   * timeout.
   */
  public boolean heldTogether() {
    Gate g = gate;
    return g != null && g.arrived().getCount() == 0 && !g.missed().get();
  }

  private void passGate(String method, String path) throws InterruptedException {
    Gate g = gate;
    if (g != null
        && g.method().equals(method)
        && g.path().matcher(path).matches()
        && g.left().getAndDecrement() > 0) {
      g.arrived().countDown();
      if (!g.arrived().await(g.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
        g.missed().set(true);
      }
    }
  }

  private java.util.Random randomFaults;
  private double randomFaultFraction;
  private int randomFaultStatus;

  /**
   * From now on each API request, with probability {@code fraction}, is answered with {@code
   * status} (a seeded draw, so a test sees the same faults each time it runs); {@code fraction} 0
   * turns it off.
   */
  public void failRandomly(double fraction, int status, long seed) {
    synchronized (callFaults) {
      randomFaults = new java.util.Random(seed);
      randomFaultFraction = fraction;
      randomFaultStatus = status;
    }
  }

  /**
   * The fault for this request ({@code null} to drop it), or {@link Reply#NONE} when none matches.
   */
  private Reply callFault(String method, String path) throws InterruptedException {
    CallFault f = null;
    synchronized (callFaults) {
      if (randomFaultFraction > 0 && randomFaults.nextDouble() < randomFaultFraction) {
        f = new CallFault(method, null, randomFaultStatus);
      }
      for (int i = 0; f == null && i < callFaults.size(); i++) {
        CallFault c = callFaults.get(i);
        if (c.method().equals(method) && c.path().matcher(path).matches()) {
          f = callFaults.remove(i);
          break;
        }
      }
    }
    if (f == null || f.status() == PASS) {
      return Reply.NONE;
    }
    if (f.status() == 0) {
      return null;
    }
    if (f.status() < 0) {
      Thread.sleep(-f.status());
      return Reply.NONE;
    }
    return new Reply(
        f.status(),
        ordered(
            "errorCode",
            "INJECTED_FAILURE",
            "message",
            "failure injected by the test (" + f.status() + ")"),
        Map.of());
  }

  // ---------------------------------------------------------------- inspection

  /** The users of a company, in creation order. */
  public List<StandInUser> users(String companyKey) {
    synchronized (lock) {
      return company(companyKey).users.values().stream().map(UserState::snapshot).toList();
    }
  }

  /** The user with this email (ignoring case), if any. */
  public Optional<StandInUser> user(String companyKey, String email) {
    synchronized (lock) {
      return Optional.ofNullable(company(companyKey).byEmail(email)).map(UserState::snapshot);
    }
  }

  /** The seats of a license now taken. */
  public int seatsUsed(String companyKey, String licenseKey) {
    synchronized (lock) {
      return company(companyKey).seatsUsed(licenseKey);
    }
  }

  /** Requests received so far, on any path. */
  public long requestCount() {
    return requestCount.get();
  }

  /** Requests answered with 429 because of the rate limit (not injected failures). */
  public long tooManyRequestsCount() {
    return tooManyRequests.get();
  }

  /**
   * The most API requests that arrived within any sliding one-second window so far, whatever their
   * answers (429s and injected failures count too); compare it with {@link
   * Builder#requestsPerSecond}.
   */
  public int maxRequestsInAnySecond() {
    synchronized (lock) {
      return maxInAnySecond;
    }
  }

  /** Every request so far with its answer, in order. */
  public List<StandInRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  // ---------------------------------------------------------------- HTTP

  private void handle(HttpExchange ex) {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    try {
      requestCount.incrementAndGet();
      Duration delay = latency;
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      Reply reply;
      try {
        if (path.startsWith(API + "/")) {
          passGate(method, path);
          Reply fault = callFault(method, path);
          if (fault == Reply.NONE) {
            fault = fault();
          }
          if (fault == null) {
            record(method, path, 0);
            ex.close();
            return;
          }
          reply = fault != Reply.NONE ? fault : api(method, path, query(ex), ex);
        } else if (path.equals("/oauth/token")) {
          reply = token(method, ex);
        } else if (path.equals("/oauth/authorize")) {
          reply = authorize(method, query(ex));
        } else {
          throw new ApiError(404, "NOT_FOUND", "no such path " + path);
        }
      } catch (ApiError e) {
        reply = new Reply(e.status, e.body(), Map.of());
      }
      record(method, path, reply.status);
      send(ex, reply);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    } catch (IOException | RuntimeException e) {
      try {
        record(method, path, 500);
        send(
            ex,
            new Reply(
                500, ordered("errorCode", "INTERNAL", "message", String.valueOf(e)), Map.of()));
      } catch (IOException | RuntimeException ignored) {
        ex.close();
      }
    }
  }

  /**
   * Logs a request before it is answered, so a client that has its answer finds it in {@link
   * #requests()}.
   */
  private void record(String method, String path, int status) {
    synchronized (requests) {
      requests.add(new StandInRequest(method, path, status));
    }
  }

  /**
   * Counts the request in the sliding window first (every API request that arrives counts, whatever
   * its answer), then: an injected failure, null to drop the connection, 429 when the window now
   * holds more than the limit, else {@link Reply#NONE} to go on.
   */
  private Reply fault() {
    synchronized (lock) {
      int inWindow = arrive(rateClock.getAsLong());
      if (dropCount > 0) {
        dropCount--;
        return null;
      }
      if (failCount > 0) {
        failCount--;
        Map<String, String> headers =
            failRetryAfter == null ? Map.of() : Map.of("Retry-After", failRetryAfter);
        return new Reply(
            failStatus,
            ordered(
                "errorCode",
                "INJECTED_FAILURE",
                "message",
                "failure injected by the test (" + failStatus + ")"),
            headers);
      }
      if (requestsPerSecond > 0 && inWindow > requestsPerSecond) {
        tooManyRequests.incrementAndGet();
        return new Reply(
            429,
            ordered(
                "errorCode",
                "TOO_MANY_REQUESTS",
                "message",
                "more than " + requestsPerSecond + " requests per second"),
            Map.of());
      }
      return Reply.NONE;
    }
  }

  /**
   * Records an API request arriving at {@code now}; returns how many arrived in the second up to
   * it, itself included. Under {@code lock}.
   */
  private int arrive(long now) {
    while (!arrivals.isEmpty() && now - arrivals.peekFirst() >= 1_000_000_000L) {
      arrivals.removeFirst();
    }
    arrivals.addLast(now);
    maxInAnySecond = Math.max(maxInAnySecond, arrivals.size());
    return arrivals.size();
  }

  private void send(HttpExchange ex, Reply reply) throws IOException {
    reply.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    if (reply.body == null) {
      ex.sendResponseHeaders(reply.status, -1);
    } else {
      byte[] bytes = json.toJson(reply.body).getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(reply.status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  private static Map<String, String> query(HttpExchange ex) {
    String raw = ex.getRequestURI().getRawQuery();
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (q.put(name, value) != null) {
        throw new ApiError(400, "INVALID_REQUEST", "query parameter '" + name + "' appears twice");
      }
    }
    return q;
  }

  private static String body(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // ---------------------------------------------------------------- OAuth

  private Reply authorize(String method, Map<String, String> q) {
    if (!method.equals("GET")) {
      throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " /oauth/authorize");
    }
    allowOnly(
        q.keySet(),
        Set.of("client_id", "response_type", "redirect_uri", "state"),
        "query parameter");
    if (!clientId.equals(q.get("client_id"))
        || !"code".equals(q.get("response_type"))
        || q.get("redirect_uri") == null) {
      throw new ApiError(
          400, "INVALID_REQUEST", "client_id, response_type=code and redirect_uri are required");
    }
    String code = issueAuthorizationCode(q.get("redirect_uri"));
    String location =
        q.get("redirect_uri")
            + (q.get("redirect_uri").contains("?") ? "&" : "?")
            + "code="
            + URLEncoder.encode(code, StandardCharsets.UTF_8)
            + (q.get("state") == null
                ? ""
                : "&state="
                    + URLEncoder.encode(
                        q.get("state"),
                        StandardCharsets.UTF_8)); // RFC 6749 4.1.2: state comes back
    return new Reply(302, null, Map.of("Location", location));
  }

  private Reply token(String method, HttpExchange ex) throws IOException {
    if (!method.equals("POST")) {
      throw oauth(405, "invalid_request", "the token endpoint takes POST");
    }
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      throw oauth(
          400,
          "invalid_request",
          "Content-Type must be application/x-www-form-urlencoded, not " + contentType);
    }
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
      throw oauth(401, "invalid_client", "client authentication failed");
    }
    Map<String, String> form = new LinkedHashMap<>();
    String raw = body(ex);
    for (String pair : raw.isEmpty() ? new String[0] : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw oauth(400, "invalid_request", "malformed form field");
      }
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String grant = form.get("grant_type");
    synchronized (lock) {
      if ("authorization_code".equals(grant)) {
        onlyFields(form, Set.of("grant_type", "code", "redirect_uri"));
        String redirect = codes.remove(form.get("code"));
        if (redirect == null) {
          throw oauth(400, "invalid_grant", "the authorization code is invalid or used");
        }
        if (!redirect.equals(form.get("redirect_uri"))) {
          throw oauth(
              400, "invalid_grant", "redirect_uri does not match the authorization request");
        }
        String refresh = "rt-" + UUID.randomUUID();
        refreshTokens.add(refresh);
        return new Reply(200, tokenBody(refresh), Map.of());
      }
      if ("refresh_token".equals(grant)) {
        onlyFields(form, Set.of("grant_type", "refresh_token"));
        String old = form.get("refresh_token");
        if (old == null || !refreshTokens.contains(old)) {
          throw oauth(400, "invalid_grant", "the refresh token is invalid, expired or revoked");
        }
        String refresh = old;
        if (rotateRefreshTokens) {
          refreshTokens.remove(old);
          refresh = "rt-" + UUID.randomUUID();
          refreshTokens.add(refresh);
        }
        return new Reply(200, tokenBody(refresh), Map.of());
      }
      throw oauth(
          400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
    }
  }

  private Map<String, Object> tokenBody(String refresh) {
    String access = "at-" + UUID.randomUUID();
    Duration life = tokenLifetime;
    accessTokens.put(access, Instant.now().plus(life));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", access);
    body.put("token_type", "Bearer");
    body.put("expires_in", Math.max(1, (life.toMillis() + 999) / 1000));
    body.put("refresh_token", refresh);
    body.put("scope", "users:read users:write");
    body.put("principal", managerEmail);
    if (!companies.isEmpty()) {
      body.put("account_key", companies.keySet().iterator().next());
    }
    return body;
  }

  private static void onlyFields(Map<String, String> form, Set<String> allowed) {
    for (String name : form.keySet()) {
      if (!allowed.contains(name)) {
        throw oauth(400, "invalid_request", "unknown form field '" + name + "'");
      }
    }
    for (String name : allowed) {
      if (form.get(name) == null || form.get(name).isEmpty()) {
        throw oauth(400, "invalid_request", "form field '" + name + "' is required");
      }
    }
  }

  private static ApiError oauth(int status, String error, String description) {
    return new ApiError(status, ordered("error", error, "error_description", description));
  }

  // ---------------------------------------------------------------- Admin API

  private Reply api(String method, String path, Map<String, String> q, HttpExchange ex)
      throws IOException {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    synchronized (lock) {
      Instant expiry =
          auth != null && auth.startsWith("Bearer ") ? accessTokens.get(auth.substring(7)) : null;
      if (expiry == null || !Instant.now().isBefore(expiry)) {
        throw new ApiError(401, "INVALID_TOKEN", "the access token is missing, expired or revoked");
      }
    }
    Object body = null;
    if (method.equals("POST") || method.equals("PUT")) {
      String contentType = ex.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null
          || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        throw new ApiError(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Content-Type must be application/json, not " + contentType);
      }
      String text = body(ex);
      try {
        body = json.fromJson(text);
      } catch (IOException | RuntimeException e) {
        throw new ApiError(400, "MALFORMED_JSON", "the body is not JSON: " + e.getMessage());
      }
      if (!(body instanceof Map)) {
        throw new ApiError(400, "INVALID_REQUEST", "the body must be a JSON object");
      }
    }
    String[] parts = path.substring(API.length() + 1).split("/", -1);
    synchronized (lock) {
      if (parts.length == 1 && parts[0].equals("me")) {
        only(method, "GET", path);
        allowOnly(q.keySet(), Set.of(), "query parameter");
        return ok(me());
      }
      if (parts.length >= 3 && parts[0].equals("accounts")) {
        CompanyState c = companies.get(parts[1]);
        if (c == null) {
          throw new ApiError(404, "NOT_FOUND", "no account " + parts[1]);
        }
        if (c.forbidden) {
          throw new ApiError(
              403, "FORBIDDEN", "the manager is not an administrator of account " + c.key);
        }
        if (parts.length == 3 && parts[2].equals("users")) {
          if (method.equals("GET")) {
            return ok(listUsers(c, q));
          }
          only(method, "POST", path);
          allowOnly(q.keySet(), Set.of(), "query parameter");
          return new Reply(201, createUsers(c, cast(body)), Map.of());
        }
        if (parts.length == 4 && parts[2].equals("users")) {
          allowOnly(
              q.keySet(),
              method.equals("GET") ? Set.of("attributes") : Set.of(),
              "query parameter");
          UserState u = c.users.get(parts[3]);
          if (u == null) {
            throw new ApiError(404, "NOT_FOUND", "no user " + parts[3] + " in account " + c.key);
          }
          switch (method) {
            case "GET" -> {
              return ok(userJson(c, u, attributes(q)));
            }
            case "PUT" -> {
              updateUser(c, u, cast(body));
              return new Reply(204, null, Map.of());
            }
            case "DELETE" -> {
              c.remove(u);
              return new Reply(204, null, Map.of());
            }
            default -> throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " " + path);
          }
        }
        if (parts.length == 3 && parts[2].equals("groups")) {
          if (method.equals("GET")) {
            allowOnly(q.keySet(), Set.of("offset", "pageSize"), "query parameter");
            return ok(page(c.groups.values().stream().map(g -> (Object) g.json()).toList(), q));
          }
          only(method, "POST", path);
          allowOnly(q.keySet(), Set.of(), "query parameter");
          return new Reply(201, createGroup(c, cast(body)), Map.of());
        }
        if (parts.length == 3 && parts[2].equals("licenses")) {
          only(method, "GET", path);
          allowOnly(q.keySet(), Set.of(), "query parameter");
          List<Object> results =
              c.licenses.values().stream().map(l -> (Object) l.json(c.seatsUsed(l.key))).toList();
          return ok(Map.of("results", results));
        }
      }
      throw new ApiError(404, "NOT_FOUND", "no such path " + path);
    }
  }

  private Map<String, Object> me() {
    Map<String, Object> me = new LinkedHashMap<>();
    me.put("key", "1000000001");
    me.put("email", managerEmail);
    me.put("firstName", "Morgan");
    me.put("lastName", "Manager");
    if (!companies.isEmpty()) {
      me.put("accountKey", companies.keySet().iterator().next());
    }
    me.put(
        "accounts",
        companies.values().stream()
            .map(
                c -> {
                  Map<String, Object> account = new LinkedHashMap<>();
                  account.put("key", c.key);
                  account.put("name", c.name);
                  return (Object) account;
                })
            .toList());
    return me;
  }

  private Map<String, Object> listUsers(CompanyState c, Map<String, String> q) {
    allowOnly(q.keySet(), Set.of("offset", "pageSize", "filter", "attributes"), "query parameter");
    Set<String> attributes = attributes(q);
    List<UserState> users = new ArrayList<>(c.users.values());
    if (q.containsKey("filter")) {
      Matcher m = FILTER.matcher(q.get("filter"));
      if (!m.matches()) {
        throw new ApiError(
            400, "INVALID_FILTER", "filter must be email eq \"...\", not " + q.get("filter"));
      }
      users = c.allByEmail(m.group(1));
    }
    return page(users.stream().map(u -> (Object) userJson(c, u, attributes)).toList(), q);
  }

  private static Map<String, Object> page(List<Object> all, Map<String, String> q) {
    int offset = intParam(q, "offset", 0, 0, Integer.MAX_VALUE);
    int pageSize = intParam(q, "pageSize", 100, 1, 1000);
    List<Object> results =
        offset >= all.size()
            ? List.of()
            : all.subList(offset, Math.min(all.size(), offset + pageSize));
    Map<String, Object> page = new LinkedHashMap<>();
    page.put("results", new ArrayList<>(results));
    page.put("total", all.size());
    return page;
  }

  private static Set<String> attributes(Map<String, String> q) {
    if (!q.containsKey("attributes")) {
      return USER_ATTRIBUTES;
    }
    Set<String> wanted = new HashSet<>();
    for (String a : q.get("attributes").split(",")) {
      if (!USER_ATTRIBUTES.contains(a.trim())) {
        throw new ApiError(
            400, "INVALID_ATTRIBUTE", "unknown attribute '" + a.trim() + "' in attributes");
      }
      wanted.add(a.trim());
    }
    return wanted;
  }

  private static int intParam(Map<String, String> q, String name, int fallback, int min, int max) {
    String v = q.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < min || n > max) {
        throw new ApiError(
            400, "INVALID_PARAMETER", name + " must be from " + min + " to " + max + ", not " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiError(
          400, "INVALID_PARAMETER", name + " must be a whole number, not '" + v + "'");
    }
  }

  private List<Object> createUsers(CompanyState c, Map<String, Object> body) {
    allowOnly(body.keySet(), Set.of("users", "suppressEmail"), "field");
    if (!(body.get("users") instanceof List<?> list) || list.isEmpty()) {
      throw new ApiError(400, "INVALID_USERS", "users must be a non-empty list");
    }
    if (list.size() > maxUsersPerCreate) {
      throw new ApiError(
          400,
          "TOO_MANY_USERS",
          "at most " + maxUsersPerCreate + " users per request, not " + list.size());
    }
    Object suppress = body.get("suppressEmail");
    if (suppress != null && !(suppress instanceof Boolean)) {
      throw new ApiError(400, "INVALID_VALUE", "suppressEmail must be true or false");
    }
    boolean invite = !Boolean.TRUE.equals(suppress);
    List<Map<String, Object>> wanted = new ArrayList<>();
    Set<String> emails = new HashSet<>();
    Map<String, Integer> seatsWanted = new HashMap<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> raw)) {
        throw new ApiError(400, "INVALID_USERS", "users[" + i + "] must be an object");
      }
      Map<String, Object> u = cast(raw);
      String where = "users[" + i + "]";
      allowOnly(
          u.keySet(), Set.of("email", "firstName", "lastName", "licenseKeys"), where + " field");
      String email = email(u.get("email"), where);
      text(u.get("firstName"), where + ".firstName", true);
      text(u.get("lastName"), where + ".lastName", true);
      List<String> licenses = licenseKeys(c, u.get("licenseKeys"), where + ".licenseKeys");
      if (!emails.add(email.toLowerCase(Locale.ROOT))) {
        throw new ApiError(
            400, "DUPLICATE_EMAIL", where + ".email " + email + " appears twice in the request");
      }
      UserState existing = c.byEmail(email);
      if (existing != null && conflictOnExisting) {
        throw new ApiError(409, "USER_EXISTS", "user " + email + " already exists");
      }
      if (existing == null) {
        licenses.forEach(l -> seatsWanted.merge(l, 1, Integer::sum));
      }
      wanted.add(u);
    }
    seatsWanted.forEach(
        (l, n) -> {
          LicenseState lic = c.licenses.get(l);
          if (c.seatsUsed(l) + n > lic.seats) {
            throw new ApiError(
                400,
                "NO_SEATS_LEFT",
                "license "
                    + l
                    + " has "
                    + (lic.seats - c.seatsUsed(l))
                    + " free seats, "
                    + n
                    + " requested");
          }
        });
    List<Object> answer = new ArrayList<>();
    for (Map<String, Object> u : wanted) {
      String email = (String) u.get("email");
      UserState existing = c.byEmail(email);
      if (existing == null) {
        existing =
            new UserState(
                String.valueOf(nextKey.getAndIncrement()),
                email,
                (String) u.get("firstName"),
                (String) u.get("lastName"),
                invite);
        existing.licenseKeys.addAll(licenseKeys(c, u.get("licenseKeys"), "licenseKeys"));
        existing.groupKey = c.newUsersGroup;
        c.add(existing);
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("key", existing.key);
      entry.put("email", existing.email);
      answer.add(entry);
    }
    return answer;
  }

  private void updateUser(CompanyState c, UserState u, Map<String, Object> body) {
    allowOnly(
        body.keySet(),
        Set.of("email", "firstName", "lastName", "licenseKeys", "settings"),
        "field");
    String email = body.containsKey("email") ? email(body.get("email"), "email") : null;
    if (email != null) {
      UserState other = c.byEmail(email);
      if (other != null && other != u) {
        throw new ApiError(409, "USER_EXISTS", "another user has the email " + email);
      }
    }
    String first =
        body.containsKey("firstName") ? text(body.get("firstName"), "firstName", true) : null;
    String last =
        body.containsKey("lastName") ? text(body.get("lastName"), "lastName", true) : null;
    List<String> licenses =
        body.containsKey("licenseKeys")
            ? licenseKeys(c, body.get("licenseKeys"), "licenseKeys")
            : null;
    if (licenses != null) {
      for (String l : licenses) {
        if (!u.licenseKeys.contains(l) && c.seatsUsed(l) >= c.licenses.get(l).seats) {
          throw new ApiError(400, "NO_SEATS_LEFT", "license " + l + " has no free seat");
        }
      }
    }
    String groupKey = null;
    String status = null;
    if (body.containsKey("settings")) {
      if (!(body.get("settings") instanceof Map<?, ?> settings)) {
        throw new ApiError(400, "INVALID_VALUE", "settings must be an object");
      }
      allowOnly(cast(settings).keySet(), Set.of("G2PC"), "settings field");
      if (!(settings.get("G2PC") instanceof Map<?, ?> g2pc)) {
        throw new ApiError(400, "INVALID_VALUE", "settings.G2PC must be an object");
      }
      allowOnly(cast(g2pc).keySet(), Set.of("groupKey", "status"), "settings.G2PC field");
      if (g2pc.containsKey("groupKey")) {
        groupKey = text(g2pc.get("groupKey"), "settings.G2PC.groupKey", true);
        if (!c.groups.containsKey(groupKey)) {
          throw new ApiError(
              400,
              "INVALID_GROUP",
              "settings.G2PC.groupKey " + groupKey + " is not a group of account " + c.key);
        }
      }
      if (g2pc.containsKey("status")) {
        status = text(g2pc.get("status"), "settings.G2PC.status", true);
        if (!status.equals(ACTIVE) && !status.equals(SUSPENDED)) {
          throw new ApiError(
              400,
              "INVALID_VALUE",
              "settings.G2PC.status must be ACTIVE or SUSPENDED, not " + status);
        }
      }
    }
    if (email != null) {
      c.rename(u, email);
    }
    if (first != null) {
      u.firstName = first;
    }
    if (last != null) {
      u.lastName = last;
    }
    if (licenses != null) {
      u.licenseKeys.clear();
      u.licenseKeys.addAll(licenses);
    }
    if (groupKey != null) {
      u.groupKey = groupKey;
    }
    if (status != null) {
      u.status = status;
    }
  }

  private Map<String, Object> createGroup(CompanyState c, Map<String, Object> body) {
    allowOnly(body.keySet(), Set.of("name", "parentKey"), "field");
    String name = text(body.get("name"), "name", true);
    String parent =
        body.get("parentKey") == null ? null : text(body.get("parentKey"), "parentKey", true);
    if (parent != null && !c.groups.containsKey(parent)) {
      throw new ApiError(
          400, "INVALID_GROUP", "parentKey " + parent + " is not a group of account " + c.key);
    }
    for (GroupState g : c.groups.values()) {
      if (g.name.equalsIgnoreCase(name) && java.util.Objects.equals(g.parentKey, parent)) {
        throw new ApiError(409, "GROUP_EXISTS", "a group named " + name + " exists there already");
      }
    }
    GroupState g = new GroupState(String.valueOf(nextKey.getAndIncrement()), name, parent);
    c.groups.put(g.key, g);
    return g.json();
  }

  private Map<String, Object> userJson(CompanyState c, UserState u, Set<String> attributes) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (attributes.contains("key")) {
      m.put("key", u.key);
    }
    if (attributes.contains("email")) {
      m.put("email", u.email);
    }
    if (attributes.contains("firstName")) {
      m.put("firstName", u.firstName);
    }
    if (attributes.contains("lastName")) {
      m.put("lastName", u.lastName);
    }
    if (attributes.contains("licenseKeys")) {
      m.put("licenseKeys", new ArrayList<>(u.licenseKeys));
    }
    if (attributes.contains("settings")) {
      Map<String, Object> g2pc = new LinkedHashMap<>();
      if (u.groupKey != null) {
        g2pc.put("groupKey", u.groupKey);
      }
      g2pc.put("status", u.status);
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("G2PC", g2pc);
      m.put("settings", settings);
    }
    return m;
  }

  private static String email(Object value, String where) {
    String email = text(value, where + " email", true);
    if (!EMAIL.matcher(email).matches()) {
      throw new ApiError(
          400, "INVALID_EMAIL", where + " email '" + email + "' is not a valid email address");
    }
    return email;
  }

  private static String text(Object value, String where, boolean required) {
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw new ApiError(400, "INVALID_VALUE", where + " must be a non-blank string");
    }
    return s;
  }

  private static List<String> licenseKeys(CompanyState c, Object value, String where) {
    if (value == null) {
      return new ArrayList<>();
    }
    if (!(value instanceof List<?> list)) {
      throw new ApiError(400, "INVALID_VALUE", where + " must be a list of license keys");
    }
    List<String> keys = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String key) || !c.licenses.containsKey(key)) {
        throw new ApiError(
            400, "INVALID_LICENSE", where + ": " + o + " is not a license of account " + c.key);
      }
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  private static void allowOnly(Set<String> names, Set<String> allowed, String what) {
    for (String n : names) {
      if (!allowed.contains(n)) {
        throw new ApiError(400, "UNKNOWN_FIELD", "unknown " + what + " '" + n + "'");
      }
    }
  }

  private static void only(String method, String expected, String path) {
    if (!method.equals(expected)) {
      throw new ApiError(405, "METHOD_NOT_ALLOWED", method + " " + path);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object o) {
    return (Map<String, Object>) o;
  }

  /** A map of the given name and value pairs, in that order, so bodies are stable. */
  private static Map<String, Object> ordered(String... namesAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }

  private static Reply ok(Object body) {
    return new Reply(200, body, Map.of());
  }

  private CompanyState company(String key) {
    CompanyState c = companies.get(key);
    if (c == null) {
      throw new IllegalArgumentException(
          "the stand-in has no company " + key + "; it has " + companies.keySet());
    }
    return c;
  }

  // ---------------------------------------------------------------- state

  private record Reply(int status, Object body, Map<String, String> headers) {
    static final Reply NONE = new Reply(0, null, Map.of());
  }

  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient Map<String, Object> body;

    ApiError(int status, String code, String message) {
      this(status, ordered("errorCode", code, "message", message));
    }

    ApiError(int status, Map<String, Object> body) {
      super(String.valueOf(body), null, false, false);
      this.status = status;
      this.body = body;
    }

    Map<String, Object> body() {
      return body;
    }
  }

  private static final class CompanyState {
    final String key;
    final String name;
    final Map<String, UserState> users = new LinkedHashMap<>();
    final Map<String, GroupState> groups = new LinkedHashMap<>();
    final Map<String, LicenseState> licenses = new LinkedHashMap<>();
    boolean forbidden;
    String newUsersGroup;

    CompanyState(String key, String name) {
      this.key = key;
      this.name = name;
    }

    /**
     * The first user (in creation order) of each lower-cased email: a create of 100 users looks
     * each one up, and a scan of every user made a batch cost more the larger the company (about
     * 100 ms per batch at 10,000 users).
     */
    private final Map<String, UserState> byEmail = new HashMap<>();

    /**
     * Whether {@link #addUser} ever seeded an email twice (the API never makes one): then lookups
     * scan, to keep "the first in creation order" exact.
     */
    private boolean seededTwice;

    UserState byEmail(String email) {
      if (seededTwice) {
        List<UserState> all = allByEmail(email);
        return all.isEmpty() ? null : all.get(0);
      }
      return byEmail.get(email.toLowerCase(Locale.ROOT));
    }

    /** Every user with this email, ignoring case, in creation order. */
    List<UserState> allByEmail(String email) {
      if (!seededTwice) {
        UserState u = byEmail(email);
        return u == null ? List.of() : List.of(u);
      }
      List<UserState> all = new ArrayList<>();
      for (UserState u : users.values()) {
        if (u.email.equalsIgnoreCase(email)) {
          all.add(u);
        }
      }
      return all;
    }

    void add(UserState u) {
      users.put(u.key, u);
      seededTwice |= byEmail.putIfAbsent(u.email.toLowerCase(Locale.ROOT), u) != null;
    }

    void rename(UserState u, String email) {
      byEmail.remove(u.email.toLowerCase(Locale.ROOT), u);
      u.email = email;
      seededTwice |= byEmail.putIfAbsent(email.toLowerCase(Locale.ROOT), u) != null;
    }

    void remove(UserState u) {
      users.remove(u.key);
      byEmail.remove(u.email.toLowerCase(Locale.ROOT), u);
    }

    int seatsUsed(String licenseKey) {
      int n = 0;
      for (UserState u : users.values()) {
        if (u.licenseKeys.contains(licenseKey)) {
          n++;
        }
      }
      return n;
    }
  }

  private static final class UserState {
    final String key;
    final boolean invited;
    final List<String> licenseKeys = new ArrayList<>();
    String email;
    String firstName;
    String lastName;
    String groupKey;
    String status = ACTIVE;

    UserState(String key, String email, String firstName, String lastName, boolean invited) {
      this.key = key;
      this.email = email;
      this.firstName = firstName;
      this.lastName = lastName;
      this.invited = invited;
    }

    StandInUser snapshot() {
      return new StandInUser(
          key, email, firstName, lastName, licenseKeys, groupKey, status, invited);
    }
  }

  private record GroupState(String key, String name, String parentKey) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", key);
      m.put("name", name);
      if (parentKey != null) {
        m.put("parentKey", parentKey);
      }
      return m;
    }
  }

  private record LicenseState(String key, String name, List<String> products, int seats) {
    Map<String, Object> json(int used) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", key);
      m.put("name", name);
      m.put("products", products);
      m.put("seats", seats);
      m.put("seatsUsed", used);
      return m;
    }
  }

  /** Configures a {@link GoToMyPcStandIn}. */
  public static final class Builder {
    private String clientId = "umt-test-client";
    private String clientSecret = "umt-test-secret-" + UUID.randomUUID();
    private Duration tokenLifetime = Duration.ofHours(1);
    private int requestsPerSecond = 10;
    private LongSupplier rateClock = System::nanoTime;
    private boolean rotateRefreshTokens = true;
    private boolean conflictOnExisting;
    private int maxUsersPerCreate = 100;
    private String managerEmail = "manager@example.test";

    private Builder() {}

    /** The OAuth client id accepted, {@code umt-test-client} by default. */
    public Builder clientId(String id) {
      this.clientId = id;
      return this;
    }

    /** The OAuth client secret accepted, random by default. */
    public Builder clientSecret(String secret) {
      this.clientSecret = secret;
      return this;
    }

    /** Access token lifetime, one hour by default ({@code expires_in} 3600). */
    public Builder tokenLifetime(Duration lifetime) {
      this.tokenLifetime = lifetime;
      return this;
    }

    /**
     * The most API requests in any sliding one-second window, 10 by default; one more is answered
     * 429. 0 means no limit.
     */
    public Builder requestsPerSecond(int limit) {
      this.requestsPerSecond = limit;
      return this;
    }

    /**
     * The clock, in nanoseconds, that places requests in the rate limit's window; {@link
     * System#nanoTime} by default (tests pass their own).
     */
    public Builder rateClock(LongSupplier nanoTime) {
      this.rateClock = Objects.requireNonNull(nanoTime, "rateClock");
      return this;
    }

    /**
     * Whether each refresh hands out a new refresh token and revokes the old one, true by default.
     */
    public Builder rotateRefreshTokens(boolean rotate) {
      this.rotateRefreshTokens = rotate;
      return this;
    }

    /**
     * Whether creating an existing user answers 409 (some deployments) instead of its key (the
     * documented default).
     */
    public Builder conflictOnExisting(boolean conflict) {
      this.conflictOnExisting = conflict;
      return this;
    }

    /** The most users one create request takes, 100 by default. */
    public Builder maxUsersPerCreate(int max) {
      this.maxUsersPerCreate = max;
      return this;
    }

    /** The manager's email. */
    public Builder managerEmail(String email) {
      this.managerEmail = email;
      return this;
    }

    /** The stand-in, not started. */
    public GoToMyPcStandIn build() {
      return new GoToMyPcStandIn(this);
    }
  }
}
