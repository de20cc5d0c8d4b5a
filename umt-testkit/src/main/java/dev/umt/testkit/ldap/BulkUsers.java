package dev.umt.testkit.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFChangeRecord;
import dev.umt.testkit.Organisation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A large OU for read benchmarks, loaded only on demand into the real test servers: {@code
 * ou=Benchmark} under the base DN with {@code count} enabled users {@code bench00001}..., each with
 * mail, names, title and department, in the server's flavour. Run by {@code
 * scripts/test-servers/load-bulk.sh}; loading again with the same count does nothing, a different
 * count replaces the OU.
 *
 * <pre>{@code
 * BulkUsers.ensureLoaded(TestServers.slapd(), 10_000);
 * }</pre>
 */
public final class BulkUsers {
  /** The OU's name. */
  public static final String UNIT = "Benchmark";

  private BulkUsers() {}

  /** The benchmark OU with {@code count} users, as an organisation (no groups). */
  public static Organisation organisation(String baseDn, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("the benchmark needs at least one user, not " + count);
    }
    Organisation.Unit unit = new Organisation.Unit(UNIT, baseDn);
    List<Organisation.User> users = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String login = String.format(Locale.ROOT, "bench%05d", i);
      users.add(
          new Organisation.User(
              login,
              "Bench User " + i,
              "Bench",
              "User " + i,
              login + "@example.test",
              "Tester",
              "Benchmark",
              "+1 555 " + String.format(Locale.ROOT, "%05d", i),
              false,
              false,
              unit.dn()));
    }
    return new Organisation(baseDn, List.of(unit), users, List.of());
  }

  /** The DN of the benchmark OU on {@code server}. */
  public static String unitDn(TestServer server) {
    return OrganisationLdif.formatDn("ou=" + UNIT + "," + server.baseDn(), server.flavour());
  }

  /**
   * Makes {@code ou=Benchmark} on {@code server} hold exactly {@code count} users: nothing when it
   * does, else deletes the OU and loads it. Takes the same per-server lock as the organisation's
   * loader, so concurrent callers wait for each other and the second finds the users there.
   *
   * @return the number of users added (0 when they were there)
   */
  public static int ensureLoaded(TestServer server, int count) {
    Organisation org =
        organisation(OrganisationLdif.formatDn(server.baseDn(), LdapFlavour.GENERIC), count);
    String unitDn = unitDn(server);
    return OrganisationLoader.locked(
        server,
        TestServers.directory(),
        count + " benchmark users",
        c -> {
          if (count(c, unitDn) == count) {
            return 0;
          }
          List<LDIFChangeRecord> adds = new ArrayList<>();
          for (LDIFChangeRecord r : OrganisationLdif.changes(org, server.flavour())) {
            if (r instanceof LDIFAddChangeRecord) {
              adds.add(r);
            }
          }
          OrganisationLoader.replace(c, server, org, adds);
          return count;
        });
  }

  /** The users in the OU, or -1 when it does not exist. */
  static int count(LDAPConnection c, String unitDn) throws LDAPException {
    if (c.getEntry(unitDn, "1.1") == null) {
      return -1;
    }
    int n = 0;
    ASN1OctetString cookie = null;
    do {
      SearchRequest r =
          new SearchRequest(
              unitDn, SearchScope.ONE, Filter.createEqualityFilter("objectClass", "person"), "1.1");
      r.addControl(new SimplePagedResultsControl(1000, cookie));
      SearchResult result = c.search(r);
      n += result.getEntryCount();
      cookie = SimplePagedResultsControl.get(result).getCookie();
    } while (cookie != null && cookie.getValueLength() > 0);
    return n;
  }

  /**
   * {@code BulkUsers <count> [slapd|edirectory|samba]...}: loads the benchmark OU into the named
   * running servers (all three by default) and prints the time each took.
   */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: BulkUsers <count> [slapd|edirectory|samba]...");
      System.exit(2);
    }
    int count = Integer.parseInt(args[0]);
    List<String> names =
        args.length > 1
            ? List.of(args).subList(1, args.length)
            : List.of("slapd", "edirectory", "samba");
    int failures = 0;
    for (String name : names) {
      var server = TestServers.find(name);
      if (server.isEmpty()) {
        System.err.println(
            "test server "
                + name
                + " is not running: start it with scripts/test-servers/servers.sh start "
                + name);
        failures++;
        continue;
      }
      long start = System.nanoTime();
      int added = ensureLoaded(server.get(), count);
      System.out.printf(
          Locale.ROOT,
          "%s: %s in %s (%.1f s)%n",
          name,
          added == 0 ? count + " users already" : "added " + added + " users",
          unitDn(server.get()),
          (System.nanoTime() - start) / 1e9);
    }
    System.exit(failures == 0 ? 0 : 1);
  }
}
