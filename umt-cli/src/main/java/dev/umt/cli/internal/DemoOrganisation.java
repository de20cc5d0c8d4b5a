package dev.umt.cli.internal;

import dev.umt.testkit.Organisation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated organisation for {@code umt demo}, the same for every run:
 *
 * <pre>
 * dc=example,dc=test
 *   ou=Corp
 *     ou=EMEA, ou=Americas, ou=APAC          regions, each with
 *       ou=Sales, ou=Engineering, ou=Support, ou=Finance     departments holding the users
 *     ou=Groups
 *       Sales EMEA, Sales Americas, ... (one group per department and region, direct members)
 *       Sales, Engineering, Support, Finance (nested: the department's three regional groups)
 *       EMEA Staff, Americas Staff, APAC Staff (direct members)
 *       All Staff (every user directly: more than AD's 1,500 values, so it is read by range retrieval)
 * </pre>
 *
 * Every 50th user is disabled, every 97th expired, every 40th has no mail, and one name in five is
 * non-ASCII (Zoë, Łukasz, Søren ...).
 */
final class DemoOrganisation {
  static final String BASE = "dc=example,dc=test";
  static final List<String> REGIONS = List.of("EMEA", "Americas", "APAC");
  static final List<String> DEPARTMENTS = List.of("Sales", "Engineering", "Support", "Finance");
  private static final List<String> FIRST =
      List.of(
          "Alice", "Bob", "Carol", "Dave", "Zoë", "Frank", "Gina", "Łukasz", "Ivan", "Judy",
          "Søren", "Mallory", "José", "Niaj", "Olivia", "Björn", "Peggy", "Çağla", "Rupert",
          "Émilie");
  private static final List<String> LAST =
      List.of(
          "Archer", "Brown", "Clark", "Davis", "Evans", "Müller", "Green", "Hughes", "Núñez",
          "Jones", "King", "Øster", "Lewis", "Moore", "Nowak", "Dvořák", "Price", "Quinn", "Reyes",
          "Smith");

  private DemoOrganisation() {}

  static String login(int i) {
    return String.format("u%05d", i);
  }

  static Organisation generate(int count) {
    Organisation.Unit corp = new Organisation.Unit("Corp", BASE);
    Organisation.Unit groupsOu = new Organisation.Unit("Groups", corp.dn());
    List<Organisation.Unit> units = new ArrayList<>(List.of(corp));
    Map<String, Organisation.Unit> deptUnits = new LinkedHashMap<>();
    for (String region : REGIONS) {
      Organisation.Unit r = new Organisation.Unit(region, corp.dn());
      units.add(r);
      for (String dept : DEPARTMENTS) {
        Organisation.Unit d = new Organisation.Unit(dept, r.dn());
        units.add(d);
        deptUnits.put(dept + " " + region, d);
      }
    }
    units.add(groupsOu);
    List<Organisation.User> users = new ArrayList<>(count);
    Map<String, List<String>> members = new LinkedHashMap<>();
    deptUnits.keySet().forEach(k -> members.put(k, new ArrayList<>()));
    REGIONS.forEach(r -> members.put(r + " Staff", new ArrayList<>()));
    List<String> everyone = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String region = REGIONS.get(i % REGIONS.size());
      String dept = DEPARTMENTS.get((i / REGIONS.size()) % DEPARTMENTS.size());
      String first = FIRST.get(i % FIRST.size());
      String last = LAST.get((i / FIRST.size()) % LAST.size());
      String login = login(i);
      String mail = i % 40 == 7 ? null : login + "@example.test";
      users.add(
          new Organisation.User(
              login,
              first + " " + last + " " + i,
              first,
              last,
              mail,
              dept + " " + (i % 9 == 0 ? "Manager" : "Specialist"),
              dept,
              "+1 555 " + String.format("%04d", i % 10000),
              i % 50 == 3,
              i % 97 == 5,
              deptUnits.get(dept + " " + region).dn()));
      members.get(dept + " " + region).add(login);
      members.get(region + " Staff").add(login);
      everyone.add(login);
    }
    List<Organisation.Group> groups = new ArrayList<>();
    members.forEach(
        (name, logins) ->
            groups.add(new Organisation.Group(name, groupsOu.dn(), true, logins, List.of())));
    for (String dept : DEPARTMENTS) {
      groups.add(
          new Organisation.Group(
              dept,
              groupsOu.dn(),
              true,
              List.of(),
              REGIONS.stream().map(r -> dept + " " + r).toList()));
    }
    groups.add(new Organisation.Group("All Staff", groupsOu.dn(), true, everyone, List.of()));
    return new Organisation(BASE, units, users, groups);
  }
}
