package dev.umt.testkit.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import dev.umt.Secret;
import dev.umt.testkit.Organisation;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The real LDAP servers {@code scripts/test-servers/servers.sh} runs on 127.0.0.1, with the
 * standard {@link Organisation} loaded: OpenLDAP slapd in the generic flavour, a second slapd in
 * the eDirectory flavour, and Samba's Active Directory domain controller.
 *
 * <p>Each method reads the connection details the script wrote to {@code
 * $UMT_TEST_SERVERS_DIR/servers.properties} (default {@code /tmp/umt-test-servers}), checks that
 * the server answers, and loads the organisation the first time (once per server, guarded by a file
 * lock across JVMs; a marker in the base entry's {@code description} says which version is loaded,
 * and a changed organisation is reloaded). When the server is absent the calling test is
 * <em>skipped</em> with a message saying how to start it, unless {@code UMT_REQUIRE_TEST_SERVERS=1}
 * (or {@code -Dumt.requireTestServers=true}, which CI sets): then it <em>fails</em>. Call it in a
 * test or in {@code @BeforeAll} (a skip there skips the class).
 *
 * <p>Tests may add entries of their own but must not change the organisation's entries; put scratch
 * entries in an OU of your own under the base DN and delete it afterwards.
 *
 * <pre>{@code
 * @BeforeAll
 * static void server() {
 *   samba = TestServers.samba();   // skips (or fails in CI) when Samba is not running
 * }
 * }</pre>
 */
public final class TestServers {

  /** Environment variable: {@code 1} or {@code true} makes a missing server a failure. */
  public static final String REQUIRE_ENV = "UMT_REQUIRE_TEST_SERVERS";

  /** System property: {@code true} makes a missing server a failure. */
  public static final String REQUIRE_PROPERTY = "umt.requireTestServers";

  /** Environment variable: the scripts' state folder. */
  public static final String DIRECTORY_ENV = "UMT_TEST_SERVERS_DIR";

  /** System property: the scripts' state folder; wins over {@link #DIRECTORY_ENV}. */
  public static final String DIRECTORY_PROPERTY = "umt.testServersDir";

  private static final Map<String, TestServer> LOADED = new HashMap<>();

  private TestServers() {}

  /**
   * OpenLDAP slapd with the generic LDAPv3 organisation (memberof, ppolicy attributes, syncprov).
   */
  public static TestServer slapd() {
    return loaded("slapd");
  }

  /**
   * OpenLDAP slapd with the eDirectory-flavoured organisation (custom schema: GUID,
   * groupMembership, loginDisabled...).
   */
  public static TestServer edirectory() {
    return loaded("edirectory");
  }

  /**
   * A generic slapd (port 5389) with OpenLDAP's stock limits for the non-administrator reader:
   * {@code olcSizeLimit 500} ends its paged searches too (no {@code size.prtotal}). Nothing is
   * loaded: tests add their own OUs.
   */
  public static TestServer stockSlapd() {
    Lookup lookup = lookup("stock");
    return lookup.server() == null ? unavailable(lookup.problem()) : lookup.server();
  }

  /**
   * Samba's AD domain controller (realm EXAMPLE.TEST, ports 389 and 636) with the AD organisation.
   */
  public static TestServer samba() {
    return loaded("samba");
  }

  /** A non-administrator account of a test server: its DN and its (test-only) password. */
  public record Account(String dn, Secret password) {}

  /**
   * Samba's {@code umt-watcher}: a plain domain user with "Replicating Directory Changes" (DirSync)
   * and List Contents + Read Property on {@code CN=Deleted Objects}, so its DirSync returns
   * tombstones (the reader, without that grant, sees none). Skips (or fails, see {@link
   * #required()}) when Samba runs without it: {@code servers.sh start samba} adds it.
   */
  public static Account sambaWatcher() {
    return sambaAccount("watcher");
  }

  /**
   * Samba's {@code umt-usn}: a plain domain user with List Contents + Read Property on {@code
   * CN=Deleted Objects} and without "Replicating Directory Changes", so UMT reads its changes by
   * USN and sees tombstones with the Show Deleted control. Skips or fails like {@link
   * #sambaWatcher()}.
   */
  public static Account sambaUsnReader() {
    return sambaAccount("usnReader");
  }

  private static Account sambaAccount(String key) {
    samba();
    Path file = directory().resolve("servers.properties");
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      unavailable("test server samba: cannot read " + file + ": " + e.getMessage());
    }
    String dn = p.getProperty("samba." + key + "Dn");
    String password = p.getProperty("samba." + key + "Password");
    if (dn == null || password == null) {
      unavailable(
          "test server samba: "
              + file
              + " has no samba."
              + key
              + "Dn and samba."
              + key
              + "Password; "
              + "scripts/test-servers/servers.sh start samba adds the account to the running DC");
    }
    return new Account(dn.trim(), Secret.of(password.trim()));
  }

  /**
   * A ticket older than this is replaced before a test uses it (Samba's KDC issues tickets for 10
   * hours).
   */
  static final java.time.Duration TICKET_RENEWAL_AGE = java.time.Duration.ofHours(4);

  /**
   * Samba's Kerberos realm with a ticket of the non-administrator reader in a private ticket cache
   * (written by {@code servers.sh} with {@code kinit}). A ticket older than 4 hours is replaced
   * first, with {@code kinit} and the reader's password, written beside the cache and renamed over
   * it so that no reader sees half a file. Skips (or fails, see {@link #required()}) like {@link
   * #samba()} when Samba or {@code kinit} is missing.
   *
   * <pre>{@code
   * KerberosLogin kerberos = TestServers.sambaKerberos();
   * System.setProperty("java.security.krb5.conf", kerberos.krb5Conf().toString());
   * }</pre>
   */
  public static synchronized KerberosLogin sambaKerberos() {
    TestServer samba = samba();
    String setUp =
        "run scripts/test-servers/install.sh (installs kinit from krb5-user) or servers.sh kinit";
    Path file = directory().resolve("servers.properties");
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      return unavailableKerberos("test server samba: cannot read " + file + ": " + e.getMessage());
    }
    if (p.getProperty("samba.kerberos.ticketCache") == null) {
      return unavailableKerberos(
          "Kerberos is not set up for test server samba: "
              + file
              + " has no samba.kerberos.ticketCache; "
              + setUp);
    }
    KerberosLogin login =
        new KerberosLogin(
            Path.of(required(p, file, "samba.kerberos.krb5Conf")),
            Path.of(required(p, file, "samba.kerberos.ticketCache")),
            required(p, file, "samba.kerberos.principal"),
            required(p, file, "samba.kerberos.serverName"));
    String problem = freshTicket(login, samba.readerPassword());
    if (problem != null) {
      return unavailableKerberos(problem + "; " + setUp);
    }
    return login;
  }

  private static KerberosLogin unavailableKerberos(String reason) {
    unavailable(reason);
    throw new AssertionError("unreachable");
  }

  /**
   * Null when the cache holds a ticket younger than {@link #TICKET_RENEWAL_AGE}, after a new kinit
   * if needed; else the problem.
   */
  private static @Nullable String freshTicket(KerberosLogin login, Secret password) {
    Path cache = login.ticketCache();
    try {
      if (Files.isRegularFile(cache)
          && Files.size(cache) > 0
          && Files.getLastModifiedTime(cache)
              .toInstant()
              .isAfter(java.time.Instant.now().minus(TICKET_RENEWAL_AGE))) {
        return null;
      }
      Path fresh =
          cache.resolveSibling(cache.getFileName() + ".new." + ProcessHandle.current().pid());
      ProcessBuilder kinit =
          new ProcessBuilder("kinit", "-c", "FILE:" + fresh, login.principal())
              .redirectErrorStream(true);
      kinit.environment().put("KRB5_CONFIG", login.krb5Conf().toString());
      Process process = kinit.start();
      try (var stdin = process.getOutputStream()) {
        stdin.write((password.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
        Files.deleteIfExists(fresh);
        return "kinit " + login.principal() + " did not finish within 30 s";
      }
      if (process.exitValue() != 0) {
        Files.deleteIfExists(fresh);
        return "kinit "
            + login.principal()
            + " failed (exit "
            + process.exitValue()
            + "): "
            + output;
      }
      Files.move(
          fresh,
          cache,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return null;
    } catch (IOException e) {
      return "cannot renew the Kerberos ticket in " + cache + " with kinit: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while renewing the Kerberos ticket in " + cache;
    }
  }

  /** Whether a missing server fails the test rather than skipping it. */
  public static boolean required() {
    String env = System.getenv(REQUIRE_ENV);
    return Boolean.getBoolean(REQUIRE_PROPERTY) || "1".equals(env) || "true".equalsIgnoreCase(env);
  }

  /**
   * The scripts' state folder: {@code -Dumt.testServersDir}, else {@code $UMT_TEST_SERVERS_DIR},
   * else {@code /tmp/umt-test-servers}.
   */
  public static Path directory() {
    String dir = System.getProperty(DIRECTORY_PROPERTY, System.getenv(DIRECTORY_ENV));
    return Path.of(dir == null || dir.isBlank() ? "/tmp/umt-test-servers" : dir);
  }

  /**
   * The server {@code name} ({@code slapd}, {@code edirectory}, {@code samba}) if it runs and
   * answers, without loading anything and without skipping.
   */
  public static Optional<TestServer> find(String name) {
    Lookup lookup = lookup(name);
    return Optional.ofNullable(lookup.server());
  }

  private static synchronized TestServer loaded(String name) {
    String key = directory() + "/" + name;
    TestServer cached = LOADED.get(key);
    if (cached != null) {
      return cached;
    }
    Lookup lookup = lookup(name);
    if (lookup.server() == null) {
      return unavailable(lookup.problem());
    }
    OrganisationLoader.ensureLoaded(lookup.server(), Organisation.standard(), directory());
    LOADED.put(key, lookup.server());
    return lookup.server();
  }

  /**
   * Skips the calling test with {@code reason}, or fails it when servers are {@link #required()}.
   */
  static TestServer unavailable(String reason) {
    return unavailable(reason, required());
  }

  static TestServer unavailable(String reason, boolean required) {
    if (required) {
      throw new IllegalStateException(
          reason
              + "; "
              + REQUIRE_ENV
              + "=1 (or -D"
              + REQUIRE_PROPERTY
              + "=true) makes a missing test server a failure");
    }
    Assumptions.abort(reason);
    throw new AssertionError("unreachable");
  }

  private record Lookup(@Nullable TestServer server, @Nullable String problem) {}

  private static Lookup lookup(String name) {
    if (!name.equals("slapd")
        && !name.equals("edirectory")
        && !name.equals("stock")
        && !name.equals("samba")) {
      throw new IllegalArgumentException(
          "unknown test server '" + name + "': expected slapd, edirectory, stock or samba");
    }
    String start =
        "start it with scripts/test-servers/servers.sh start "
            + name
            + " (scripts/test-servers/install.sh installs the packages)";
    Path file = directory().resolve("servers.properties");
    if (!Files.isRegularFile(file)) {
      return new Lookup(
          null, "test server " + name + " is not running: " + file + " does not exist; " + start);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      return new Lookup(
          null, "test server " + name + ": cannot read " + file + ": " + e.getMessage());
    }
    if (p.getProperty(name + ".port") == null) {
      return new Lookup(
          null,
          "test server "
              + name
              + " is not running: "
              + file
              + " has no "
              + name
              + ".port; "
              + start);
    }
    TestServer server;
    try {
      server =
          new TestServer(
              name,
              LdapFlavour.of(required(p, file, name + ".flavour")),
              required(p, file, name + ".host"),
              Integer.parseInt(required(p, file, name + ".port")),
              Integer.parseInt(required(p, file, name + ".ldapsPort")),
              required(p, file, name + ".baseDn"),
              required(p, file, name + ".bindDn"),
              Secret.of(required(p, file, name + ".password")),
              required(p, file, name + ".readerDn"),
              Secret.of(required(p, file, name + ".readerPassword")),
              Path.of(required(p, file, "tls.trustStore")),
              Secret.of(required(p, file, "tls.trustStorePassword")),
              Path.of(required(p, file, "tls.clientKeyStore")),
              Secret.of(required(p, file, "tls.clientKeyStorePassword")));
    } catch (IllegalArgumentException e) {
      return new Lookup(null, "test server " + name + ": " + e.getMessage());
    }
    try (LDAPConnection c = server.connect()) {
      RootDSE root = c.getRootDSE();
      if (root == null) {
        return new Lookup(
            null, "test server " + name + " at " + server.url() + " returned no root DSE");
      }
    } catch (LDAPException e) {
      return new Lookup(
          null,
          "test server "
              + name
              + " does not answer at "
              + server.url()
              + " ("
              + e.getResultCode()
              + ": "
              + e.getMessage()
              + "); "
              + start);
    }
    return new Lookup(server, null);
  }

  private static String required(Properties p, Path file, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(file + " has no value for " + key);
    }
    return v.trim();
  }

  /**
   * Loads the organisation into running servers from a shell: {@code TestServers load
   * [slapd|edirectory|samba]...} (all running ones by default).
   */
  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("load")) {
      System.err.println("usage: TestServers load [slapd|edirectory|samba]...");
      System.exit(2);
    }
    String[] names =
        args.length > 1
            ? java.util.Arrays.copyOfRange(args, 1, args.length)
            : new String[] {"slapd", "edirectory", "samba"};
    int failures = 0;
    for (String name : names) {
      Lookup lookup = lookup(name.toLowerCase(Locale.ROOT));
      if (lookup.server() == null) {
        System.err.println(lookup.problem());
        failures += args.length > 1 ? 1 : 0;
        continue;
      }
      OrganisationLoader.ensureLoaded(lookup.server(), Organisation.standard(), directory());
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
