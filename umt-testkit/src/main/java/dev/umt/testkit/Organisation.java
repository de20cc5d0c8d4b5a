package dev.umt.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The standard test organisation, described once and loaded into every directory flavour (the
 * in-memory source, UnboundID's in-memory server, ApacheDS, slapd, Samba) so that one {@link
 * DirectorySourceContract} holds for all of them. Tests compare users by login name, which is the
 * same everywhere; DNs and ids are each server's own.
 *
 * <pre>
 * dc=example,dc=test
 *   ou=Corp
 *     ou=Sales          alice, erin (no mail)
 *       ou=EMEA         bob
 *     ou=Engineering    carol (disabled), dave (expired), gina, zoe (non-ASCII name)
 *     ou=R&amp;D, "Labs"    frank (cn with comma, quote, parentheses and *)
 *     ou=Groups         the groups below
 *   ou=Bulk             bulk0001 .. bulk1600
 *
 * Sales Team   alice, bob, erin
 * Engineers    carol, dave, gina, zoe
 * All Staff    frank + groups Sales Team, Engineers
 * Cycle A      gina + group Cycle B      (A and B contain each other)
 * Cycle B      bob  + group Cycle A
 * Big Group    the 1,600 bulk users      (more than one AD range of 1,500)
 * Newsletter   alice (a distribution group)
 * </pre>
 *
 * @param baseDn the domain's DN
 * @param units the OUs, parents before children
 * @param users the users
 * @param groups the groups
 */
public record Organisation(String baseDn, List<Unit> units, List<User> users, List<Group> groups) {

  /** Size of the bulk OU and of {@code Big Group}. */
  public static final int BULK_USERS = 1600;

  /**
   * An organisational unit.
   *
   * @param name the OU's name (unescaped)
   * @param parentDn the DN it sits under
   */
  public record Unit(String name, String parentDn) {
    /** Its DN, with the name escaped per RFC 4514. */
    public String dn() {
      return "ou=" + escape(name) + "," + parentDn;
    }
  }

  /**
   * A user.
   *
   * @param login login name: sAMAccountName on AD, uid elsewhere
   * @param commonName cn, the RDN value (unescaped)
   * @param givenName first name
   * @param surname last name
   * @param mail email, or null
   * @param title job title
   * @param department department
   * @param phone telephone number, or null
   * @param disabled disabled in the directory
   * @param expired account expired in the past (AD accountExpires, eDirectory loginExpirationTime)
   * @param unitDn the DN of its OU
   */
  public record User(
      String login,
      String commonName,
      String givenName,
      String surname,
      @Nullable String mail,
      String title,
      String department,
      @Nullable String phone,
      boolean disabled,
      boolean expired,
      String unitDn) {
    /** Its DN, with the cn escaped per RFC 4514. */
    public String dn() {
      return "cn=" + escape(commonName) + "," + unitDn;
    }

    /** Whether the directory should report it enabled: neither disabled nor expired. */
    public boolean enabled() {
      return !disabled && !expired;
    }
  }

  /**
   * A group.
   *
   * @param name its cn
   * @param unitDn the DN of its OU
   * @param security a security group (true) or a distribution group
   * @param memberLogins direct user members, by login
   * @param memberGroups direct group members, by name
   */
  public record Group(
      String name,
      String unitDn,
      boolean security,
      List<String> memberLogins,
      List<String> memberGroups) {
    /** Its DN. */
    public String dn() {
      return "cn=" + escape(name) + "," + unitDn;
    }
  }

  public Organisation {
    units = List.copyOf(units);
    users = List.copyOf(users);
    groups = List.copyOf(groups);
  }

  /** The standard organisation described above, with {@value #BULK_USERS} bulk users. */
  public static Organisation standard() {
    String base = "dc=example,dc=test";
    Unit corp = new Unit("Corp", base);
    Unit sales = new Unit("Sales", corp.dn());
    Unit emea = new Unit("EMEA", sales.dn());
    Unit eng = new Unit("Engineering", corp.dn());
    Unit rnd = new Unit("R&D, \"Labs\"", corp.dn());
    Unit groupsOu = new Unit("Groups", corp.dn());
    Unit bulk = new Unit("Bulk", base);
    List<User> users =
        new ArrayList<>(
            List.of(
                new User(
                    "alice",
                    "Alice Archer",
                    "Alice",
                    "Archer",
                    "alice@example.test",
                    "Account Manager",
                    "Sales",
                    "+1 555 0101",
                    false,
                    false,
                    sales.dn()),
                new User(
                    "erin",
                    "Erin Evans",
                    "Erin",
                    "Evans",
                    null,
                    "Sales Assistant",
                    "Sales",
                    "+1 555 0105",
                    false,
                    false,
                    sales.dn()),
                new User(
                    "bob",
                    "Bob Brown",
                    "Bob",
                    "Brown",
                    "bob@example.test",
                    "Sales Representative",
                    "Sales",
                    "+44 20 5550 0102",
                    false,
                    false,
                    emea.dn()),
                new User(
                    "carol",
                    "Carol Clark",
                    "Carol",
                    "Clark",
                    "carol@example.test",
                    "Engineer",
                    "Engineering",
                    "+1 555 0103",
                    true,
                    false,
                    eng.dn()),
                new User(
                    "dave",
                    "Dave Davis",
                    "Dave",
                    "Davis",
                    "dave@example.test",
                    "Engineer",
                    "Engineering",
                    "+1 555 0104",
                    false,
                    true,
                    eng.dn()),
                new User(
                    "gina",
                    "Gina Green",
                    "Gina",
                    "Green",
                    "gina@example.test",
                    "Engineering Manager",
                    "Engineering",
                    "+1 555 0107",
                    false,
                    false,
                    eng.dn()),
                new User(
                    "zoe",
                    "Zoë Łukasiewicz",
                    "Zoë",
                    "Łukasiewicz",
                    "zoe@example.test",
                    "Engineer",
                    "Engineering",
                    "+48 22 555 0108",
                    false,
                    false,
                    eng.dn()),
                new User(
                    "frank",
                    "Frank O'Brien, Jr. (*)",
                    "Frank",
                    "O'Brien",
                    "frank.obrien@example.test",
                    "Researcher",
                    "R&D",
                    "+1 555 0106",
                    false,
                    false,
                    rnd.dn())));
    List<String> bulkLogins = new ArrayList<>(BULK_USERS);
    for (int i = 1; i <= BULK_USERS; i++) {
      String login = String.format("bulk%04d", i);
      bulkLogins.add(login);
      users.add(
          new User(
              login,
              "Bulk User " + i,
              "Bulk",
              "User " + i,
              login + "@example.test",
              "Tester",
              "Bulk",
              null,
              false,
              false,
              bulk.dn()));
    }
    List<Group> groups =
        List.of(
            new Group(
                "Sales Team", groupsOu.dn(), true, List.of("alice", "bob", "erin"), List.of()),
            new Group(
                "Engineers",
                groupsOu.dn(),
                true,
                List.of("carol", "dave", "gina", "zoe"),
                List.of()),
            new Group(
                "All Staff",
                groupsOu.dn(),
                true,
                List.of("frank"),
                List.of("Sales Team", "Engineers")),
            new Group("Cycle A", groupsOu.dn(), true, List.of("gina"), List.of("Cycle B")),
            new Group("Cycle B", groupsOu.dn(), true, List.of("bob"), List.of("Cycle A")),
            new Group("Big Group", groupsOu.dn(), true, bulkLogins, List.of()),
            new Group("Newsletter", groupsOu.dn(), false, List.of("alice"), List.of()));
    return new Organisation(
        base, List.of(corp, sales, emea, eng, rnd, groupsOu, bulk), users, groups);
  }

  /**
   * The standard organisation plus two people who share one email, a data error directories allow:
   * {@code hank} in Sales ({@code shared@example.test}) and {@code ivy} in Engineering ({@code
   * Shared@Example.test}), so rules on the two OUs both claim it. With it, {@code bob} (in the
   * {@code Sales Team} group and under {@code Corp}) is the user two rules reach. Only for
   * directories a test builds itself (such as {@link InMemoryDirectory#of}); the shared test
   * servers hold {@link #standard()}.
   */
  public static Organisation contested() {
    Organisation o = standard();
    List<User> users = new ArrayList<>(o.users());
    users.add(
        new User(
            "hank",
            "Hank Hill",
            "Hank",
            "Hill",
            "shared@example.test",
            "Sales Representative",
            "Sales",
            null,
            false,
            false,
            o.unit("Sales").dn()));
    users.add(
        new User(
            "ivy",
            "Ivy Irwin",
            "Ivy",
            "Irwin",
            "Shared@Example.test",
            "Engineer",
            "Engineering",
            null,
            false,
            false,
            o.unit("Engineering").dn()));
    return new Organisation(o.baseDn(), o.units(), users, o.groups());
  }

  /** The user with this login. */
  public User user(String login) {
    return users.stream()
        .filter(u -> u.login().equals(login))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no user " + login + " in the organisation"));
  }

  /** The group with this name. */
  public Group group(String name) {
    return groups.stream()
        .filter(g -> g.name().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no group " + name + " in the organisation"));
  }

  /** The OU with this name. */
  public Unit unit(String name) {
    return units.stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no OU " + name + " in the organisation"));
  }

  /** The OU whose DN is {@code dn}, compared case-insensitively. */
  public Optional<Unit> unitByDn(String dn) {
    return units.stream().filter(u -> u.dn().equalsIgnoreCase(dn)).findFirst();
  }

  /**
   * Logins of the users directly in the OU {@code unitName} ({@code subtree} false) or anywhere
   * below it.
   */
  public Set<String> loginsIn(String unitName, boolean subtree) {
    String dn = unit(unitName).dn().toLowerCase(java.util.Locale.ROOT);
    Set<String> out = new LinkedHashSet<>();
    for (User u : users) {
      String ou = u.unitDn().toLowerCase(java.util.Locale.ROOT);
      if (ou.equals(dn) || (subtree && ou.endsWith("," + dn))) {
        out.add(u.login());
      }
    }
    return out;
  }

  /**
   * Logins of the members of {@code groupName}: direct only, or through nested groups (cycles
   * visited once).
   */
  public Set<String> membersOf(String groupName, boolean nested) {
    Set<String> out = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    List<String> queue = new ArrayList<>(List.of(groupName));
    while (!queue.isEmpty()) {
      Group g = group(queue.remove(0));
      if (!seen.add(g.name())) {
        continue;
      }
      out.addAll(g.memberLogins());
      if (nested) {
        queue.addAll(g.memberGroups());
      }
    }
    return out;
  }

  /** Direct group names of each user, by login. */
  public Map<String, List<String>> directGroupsByLogin() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (Group g : groups) {
      for (String login : g.memberLogins()) {
        m.computeIfAbsent(login, k -> new ArrayList<>()).add(g.name());
      }
    }
    m.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return m;
  }

  /**
   * Escapes an RDN value per RFC 4514 (commas, plus, quotes, backslash, angle brackets, semicolon,
   * leading # or space, trailing space).
   */
  public static String escape(String value) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean special =
          ",+\"\\<>;=".indexOf(c) >= 0
              || (i == 0 && (c == '#' || c == ' '))
              || (i == value.length() - 1 && c == ' ');
      if (special) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }
}
