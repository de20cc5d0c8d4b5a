package dev.umt.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of the GoToMyPC stand-in that injects faults per request: an error
 * status, a reset connection, a slow or malformed answer, or a request held until the proxy closes.
 * A fault is injected either {@linkplain Fault#applied() before} the request reaches the stand-in
 * (so nothing happened there) or after (the stand-in applied it and the client loses the answer),
 * which is the case that makes a report lie. Every request is logged with its arrival time, so the
 * test can count requests in any sliding one-second window without trusting the stand-in's own
 * count. Thread-safe.
 */
final class FaultProxy implements AutoCloseable {
  private static final Set<String> HOP_HEADERS =
      Set.of(
          "connection",
          "content-length",
          "expect",
          "host",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "date");

  /** What to do to one request. */
  enum Kind {
    /** Answer this status with an error body. */
    STATUS,
    /** Close the connection without an answer. */
    RESET,
    /** Wait {@link Fault#delay()} before answering. */
    SLOW,
    /** Answer 200 with a body cut short. */
    MALFORMED,
    /**
     * Never answer; the request waits until the proxy closes (a process can be killed meanwhile).
     */
    HOLD
  }

  /**
   * A fault for one request.
   *
   * @param kind what to do
   * @param status the status for {@link Kind#STATUS}
   * @param delay the wait for {@link Kind#SLOW}
   * @param applied whether the request first goes through to the stand-in (its effect happens, its
   *     answer is lost)
   */
  record Fault(Kind kind, int status, Duration delay, boolean applied) {
    static Fault status(int status, boolean applied) {
      return new Fault(Kind.STATUS, status, Duration.ZERO, applied);
    }

    static Fault reset(boolean applied) {
      return new Fault(Kind.RESET, 0, Duration.ZERO, applied);
    }

    static Fault slow(Duration delay, boolean applied) {
      return new Fault(Kind.SLOW, 0, delay, applied);
    }

    static Fault malformed() {
      return new Fault(Kind.MALFORMED, 0, Duration.ZERO, true);
    }

    static Fault hold(boolean applied) {
      return new Fault(Kind.HOLD, 0, Duration.ZERO, applied);
    }

    @Override
    public String toString() {
      String what =
          switch (kind) {
            case STATUS -> String.valueOf(status);
            case SLOW -> "slow " + delay.toMillis() + " ms";
            default -> kind.name().toLowerCase(Locale.ROOT);
          };
      return what + (applied ? " after the stand-in applied it" : " before the stand-in");
    }
  }

  /**
   * Decides the fault for the {@code n}th API request (from 1), or null to pass it through. Called
   * under a lock.
   */
  interface Policy {
    Fault decide(int n, String method, String path);

    Policy NONE = (n, method, path) -> null;
  }

  /**
   * One API request the proxy saw.
   *
   * @param n its number, from 1
   * @param method the HTTP method
   * @param path the path without the query
   * @param arrivedNanos {@link System#nanoTime()} at arrival
   * @param fault the fault injected, or null
   * @param upstreamStatus the stand-in's status, or 0 when it never saw the request
   */
  record Seen(
      int n, String method, String path, long arrivedNanos, Fault fault, int upstreamStatus) {
    boolean writes() {
      return !method.equals("GET");
    }
  }

  private final String upstream;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<Seen> seen = new ArrayList<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Policy policy = Policy.NONE;
  private volatile Runnable onHold = () -> {};
  private HttpServer server;
  private ExecutorService pool;

  /**
   * A proxy that forwards to {@code upstreamBase} (such as {@code http://127.0.0.1:4321/}); not
   * started.
   */
  FaultProxy(String upstreamBase) {
    this.upstream =
        upstreamBase.endsWith("/")
            ? upstreamBase.substring(0, upstreamBase.length() - 1)
            : upstreamBase;
  }

  /** Starts on 127.0.0.1 and a free port; returns this. */
  FaultProxy start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fault-proxy");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
    return this;
  }

  /** The base URL to give the client instead of the stand-in's. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** The policy from now on. */
  void policy(Policy p) {
    this.policy = p;
  }

  /** Called (on the request's thread) when a request is held. */
  void onHold(Runnable r) {
    this.onHold = r;
  }

  /** How many API requests arrived so far. */
  int count() {
    return counter.get();
  }

  /** Every API request so far, in arrival order. */
  List<Seen> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** The requests numbered after {@code n}. */
  List<Seen> seenAfter(int n) {
    return seen().stream().filter(s -> s.n() > n).toList();
  }

  /**
   * How many requests among {@code requests} arrived when {@code limit} or more others had arrived
   * in the second before: each is one request over a limit of {@code limit} per sliding second.
   */
  static int overLimit(List<Seen> requests, int limit) {
    return (int) java.util.Arrays.stream(inTheSecondTo(requests)).filter(n -> n > limit).count();
  }

  /** The most requests among {@code requests} in any sliding one-second window. */
  static int busiestSecond(List<Seen> requests) {
    return java.util.Arrays.stream(inTheSecondTo(requests)).max().orElse(0);
  }

  /**
   * For each request in arrival order, how many requests (itself included) arrived in the second up
   * to it.
   */
  private static int[] inTheSecondTo(List<Seen> requests) {
    List<Long> times = requests.stream().map(Seen::arrivedNanos).sorted().toList();
    int[] counts = new int[times.size()];
    int first = 0;
    for (int i = 0; i < times.size(); i++) {
      while (times.get(i) - times.get(first) >= 1_000_000_000L) {
        first++;
      }
      counts[i] = i - first + 1;
    }
    return counts;
  }

  @Override
  public void close() {
    closed.countDown();
    if (server != null) {
      server.stop(0);
      pool.shutdownNow();
      server = null;
    }
  }

  private void handle(HttpExchange ex) {
    long arrived = System.nanoTime();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    boolean api = path.startsWith("/admin/");
    int n = 0;
    Fault fault = null;
    if (api) {
      synchronized (seen) {
        n = counter.incrementAndGet();
        fault = policy.decide(n, method, path);
      }
    }
    int upstreamStatus = 0;
    try {
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpResponse<byte[]> answer = null;
      if (fault == null || fault.applied()) {
        answer = forward(ex, method, body);
        upstreamStatus = answer.statusCode();
      }
      if (api) {
        synchronized (seen) {
          seen.add(new Seen(n, method, path, arrived, fault, upstreamStatus));
        }
      }
      if (fault == null) {
        reply(ex, answer);
        return;
      }
      switch (fault.kind()) {
        case STATUS ->
            send(
                ex,
                fault.status(),
                ("{\"errorCode\":\"INJECTED\",\"message\":\"fault proxy answered "
                        + fault.status()
                        + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        case RESET -> ex.close();
        case SLOW -> {
          Thread.sleep(fault.delay().toMillis());
          if (answer != null) {
            reply(ex, answer);
          } else {
            reply(ex, forward(ex, method, body));
          }
        }
        case MALFORMED ->
            send(ex, 200, "{\"results\": [{\"key\": ".getBytes(StandardCharsets.UTF_8));
        case HOLD -> {
          onHold.run();
          closed.await();
          ex.close();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      ex.close();
    } catch (IOException | RuntimeException e) {
      ex.close();
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange ex, String method, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(upstream + ex.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(30));
    ex.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
              }
            });
    b.method(
        method,
        body.length == 0
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void reply(HttpExchange ex, HttpResponse<byte[]> answer) throws IOException {
    answer
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> ex.getResponseHeaders().add(name, v));
              }
            });
    byte[] bytes = answer.body();
    ex.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
    ex.close();
  }

  private static void send(HttpExchange ex, int status, byte[] bytes) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
    ex.close();
  }
}
