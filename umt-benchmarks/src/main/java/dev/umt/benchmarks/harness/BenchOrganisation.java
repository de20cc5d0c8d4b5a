package dev.umt.benchmarks.harness;

import dev.umt.directory.DirectoryGroup;
import dev.umt.directory.DirectoryUser;
import dev.umt.testkit.InMemoryDirectory;
import dev.umt.testkit.Organisation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated organisation of {@code n} users for the harness: 5 regions and 10 departments in each
 * as OUs under {@code ou=Corp}; one group per department (its users), one per region (its
 * department groups, nested), {@code All Staff} (the region groups, nested twice), and two large
 * groups (every second and every fourth user). The same description is loaded into the in-memory
 * source, the embedded LDAP server and slapd (as LDIF).
 */
final class BenchOrganisation {
  static final String BASE = "dc=example,dc=test";
  static final int REGIONS = 5;
  static final int DEPARTMENTS_PER_REGION = 10;

  private BenchOrganisation() {}

  static String login(int i) {
    return String.format("u%06d", i);
  }

  static String email(int i) {
    return login(i) + "@example.test";
  }

  /** The organisation of {@code n} users. */
  static Organisation of(int n) {
    Organisation.Unit corp = new Organisation.Unit("Corp", BASE);
    Organisation.Unit groupsOu = new Organisation.Unit("Groups", corp.dn());
    List<Organisation.Unit> units = new ArrayList<>(List.of(corp, groupsOu));
    List<Organisation.Unit> departments = new ArrayList<>();
    for (int r = 0; r < REGIONS; r++) {
      Organisation.Unit region = new Organisation.Unit("Region " + r, corp.dn());
      units.add(region);
      for (int d = 0; d < DEPARTMENTS_PER_REGION; d++) {
        Organisation.Unit dept = new Organisation.Unit("Dept " + r + "-" + d, region.dn());
        units.add(dept);
        departments.add(dept);
      }
    }
    List<Organisation.User> users = new ArrayList<>(n);
    List<List<String>> byDept = new ArrayList<>();
    departments.forEach(d -> byDept.add(new ArrayList<>()));
    List<String> half = new ArrayList<>();
    List<String> quarter = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int d = i % departments.size();
      Organisation.Unit dept = departments.get(d);
      String login = login(i);
      users.add(
          new Organisation.User(
              login,
              "User " + i,
              "Given" + i,
              "Surname" + i,
              email(i),
              "Title " + (i % 40),
              dept.name(),
              "+1 555 " + String.format("%07d", i),
              false,
              false,
              dept.dn()));
      byDept.get(d).add(login);
      if (i % 2 == 0) {
        half.add(login);
      }
      if (i % 4 == 0) {
        quarter.add(login);
      }
    }
    List<Organisation.Group> groups = new ArrayList<>();
    List<String> regionGroups = new ArrayList<>();
    for (int r = 0; r < REGIONS; r++) {
      List<String> deptGroups = new ArrayList<>();
      for (int d = 0; d < DEPARTMENTS_PER_REGION; d++) {
        String name = "Dept " + r + "-" + d + " Staff";
        groups.add(
            new Organisation.Group(
                name, groupsOu.dn(), true, byDept.get(r * DEPARTMENTS_PER_REGION + d), List.of()));
        deptGroups.add(name);
      }
      String region = "Region " + r + " Staff";
      groups.add(new Organisation.Group(region, groupsOu.dn(), true, List.of(), deptGroups));
      regionGroups.add(region);
    }
    groups.add(new Organisation.Group("All Staff", groupsOu.dn(), true, List.of(), regionGroups));
    groups.add(new Organisation.Group("Large Half", groupsOu.dn(), true, half, List.of()));
    groups.add(new Organisation.Group("Large Quarter", groupsOu.dn(), true, quarter, List.of()));
    return new Organisation(BASE, units, users, groups);
  }

  /**
   * {@code org} in a new in-memory source, as {@link InMemoryDirectory#of} loads it but with the
   * members looked up by map (its per-member scan is quadratic at 100,000 users).
   */
  static InMemoryDirectory inMemory(Organisation org) {
    InMemoryDirectory d = InMemoryDirectory.empty(org.baseDn());
    Map<String, String> idByDn = new HashMap<>();
    idByDn.put(org.baseDn(), d.rootId());
    for (Organisation.Unit u : org.units()) {
      idByDn.put(u.dn(), d.addContainer(u.name(), idByDn.get(u.parentDn())));
    }
    Map<String, String> userIdByLogin = new HashMap<>();
    int i = 0;
    for (Organisation.User u : org.users()) {
      String id = String.format("00000000-0000-4000-8000-%012d", i++);
      d.addUser(
          idByDn.get(u.unitDn()),
          DirectoryUser.builder(id, u.dn(), u.login())
              .email(u.mail())
              .givenName(u.givenName())
              .surname(u.surname())
              .displayName(u.commonName())
              .title(u.title())
              .department(u.department())
              .phone(u.phone())
              .enabled(u.enabled()));
      userIdByLogin.put(u.login(), id);
    }
    Map<String, String> groupIdByName = new HashMap<>();
    for (Organisation.Group g : org.groups()) {
      groupIdByName.put(
          g.name(), d.addGroup(g.name(), idByDn.get(g.unitDn()), DirectoryGroup.Kind.SECURITY));
    }
    for (Organisation.Group g : org.groups()) {
      String gid = groupIdByName.get(g.name());
      g.memberLogins().forEach(l -> d.addMember(gid, userIdByLogin.get(l)));
      g.memberGroups().forEach(s -> d.addMember(gid, groupIdByName.get(s)));
    }
    return d;
  }
}
