package dev.umt.rules.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ModifyDNRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.umt.PlanStep;
import dev.umt.SyncEngine;
import dev.umt.SyncReport;
import dev.umt.directory.DirectoryEntry;
import dev.umt.directory.DirectorySource;
import dev.umt.rules.DefaultRuleEvaluator;
import dev.umt.rules.GlobalOptions;
import dev.umt.rules.LocalOptions;
import dev.umt.rules.Options;
import dev.umt.rules.RuleSet;
import dev.umt.state.JsonFileStateStore;
import dev.umt.target.AccountStatus;
import dev.umt.target.TargetAccount;
import dev.umt.testkit.InMemoryTarget;
import dev.umt.testkit.ldap.LdapFlavour;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real LDAP server, through the real connector: a rule on an OU found by its permanent id
 * (entryUUID, objectGUID) keeps its users' accounts after the OU is renamed and moved, and fails
 * the run with an error naming the rule and the OU once the OU is deleted, instead of
 * deprovisioning its users. Each run works in a scratch OU of its own under the base DN, deleted
 * afterwards, and never touches the shared organisation.
 */
abstract class RenamedOuScenario {
  @TempDir Path data;
  private final String tag = UUID.randomUUID().toString().substring(0, 8);
  private String scratchDn;
  private LDAPConnection admin;

  /** The flavour entries are written in. */
  abstract LdapFlavour flavour();

  /** The base DN the source is configured with. */
  abstract String baseDn();

  /** A new connection allowed to add, rename and delete entries. */
  abstract LDAPConnection connectAsAdministrator() throws LDAPException;

  /** The source under test; it stays open for the test class. */
  abstract DirectorySource source();

  @BeforeEach
  void createScratchOu() throws LDAPException {
    admin = connectAsAdministrator();
    scratchDn = "ou=umt-rules-" + tag + "," + baseDn();
    add(ou(scratchDn));
    add(ou("ou=Sales," + scratchDn));
    add(ou("ou=EMEA,ou=Sales," + scratchDn));
    add(ou("ou=Archive," + scratchDn));
    add(user("ann", "Ann", "Archer", "ou=Sales," + scratchDn));
    add(user("ben", "Ben", "Brown", "ou=EMEA,ou=Sales," + scratchDn));
  }

  @AfterEach
  void deleteScratchOu() throws LDAPException {
    try {
      deleteSubtree(scratchDn);
    } finally {
      admin.close();
    }
  }

  @Test
  void aRenamedAndMovedOuKeepsItsUsersAndADeletedOneFailsTheRun() throws LDAPException {
    String salesDn = "ou=Sales," + scratchDn;
    DirectoryEntry sales =
        source()
            .findByDn(salesDn)
            .orElseThrow(() -> new AssertionError("the source cannot find " + salesDn));
    String salesId = sales.id();
    RuleSet rules =
        RuleSet.fromJson(
            """
            {"version": 1, "rules": [{
              "id": "sales", "name": "Sales", "priority": 10,
              "source": {"kind": "CONTAINER", "id": "%s", "dn": "%s", "recursive": true},
              "target": {"group": "Sales"},
              "mapping": {"email": "${mail:lower}", "firstName": "${givenName}", "lastName": "${sn}"}
            }]}\
            """
                .formatted(salesId, salesDn),
            "rules.json");
    InMemoryTarget target = InMemoryTarget.builder().group("g-sales", "Sales", null).build();

    try (JsonFileStateStore store = JsonFileStateStore.open(data)) {
      SyncReport first = engine(target, store, GlobalOptions.defaults()).run(rules.activeRules());
      assertThat(first.status()).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(target.all())
          .extracting(TargetAccount::email)
          .containsExactlyInAnyOrder(mail("ann"), mail("ben"));
      int writes = target.writes().size();

      admin.modifyDN(
          new ModifyDNRequest(salesDn, "ou=Sales and Marketing", true, "ou=Archive," + scratchDn));
      String movedDn = "ou=Sales and Marketing,ou=Archive," + scratchDn;
      assertThat(new DN(source().findById(salesId).orElseThrow().dn()))
          .as("same id, new DN")
          .isEqualTo(new DN(movedDn));

      SyncReport second =
          engine(target, store, GlobalOptions.builder().deprovisionUncovered(true).build())
              .run(rules.activeRules());
      assertThat(second.status()).as(second.reason()).isEqualTo(SyncReport.Status.COMPLETED);
      assertThat(second.outcomes())
          .extracting(o -> o.step().kind())
          .noneMatch(PlanStep.Kind::deprovisions)
          .doesNotContain(PlanStep.Kind.CREATE);
      assertThat(target.writes()).as("nothing written to the target").hasSize(writes);
      assertThat(target.all()).extracting(TargetAccount::status).containsOnly(AccountStatus.ACTIVE);
      PlanStep bens =
          second.outcomes().stream()
              .map(o -> o.step())
              .filter(s -> s.subject().toLowerCase(Locale.ROOT).startsWith("cn=ben"))
              .findFirst()
              .orElseThrow();
      assertThat(bens.kind()).isEqualTo(PlanStep.Kind.NO_CHANGE);
      assertThat(bens.reason())
          .as("the explanation shows where the OU is now")
          .isEqualToIgnoringCase(
              "rule \"sales\" (priority 10) decides for cn=Ben Brown "
                  + tag
                  + ",ou=EMEA,"
                  + movedDn
                  + ": in "
                  + movedDn
                  + " > ou=EMEA,"
                  + movedDn);

      deleteSubtree(movedDn);
      SyncReport third =
          engine(target, store, GlobalOptions.builder().deprovisionUncovered(true).build())
              .run(rules.activeRules());
      assertThat(third.status()).isEqualTo(SyncReport.Status.FAILED);
      assertThat(third.reason())
          .isEqualTo(
              "rule sales (Sales) could not be read: the container with id "
                  + salesId
                  + " (last known as "
                  + salesDn
                  + ") no longer exists under "
                  + baseDn()
                  + "; its rule cannot be read");
      assertThat(target.writes()).hasSize(writes);
      assertThat(target.all()).extracting(TargetAccount::status).containsOnly(AccountStatus.ACTIVE);
    }
  }

  /**
   * Runs as a user's schedule does: the first run full, then incremental where the source's feed
   * serves the token (slapd's content sync, the in-memory timestamps); on Samba the read-only sync
   * account's DirSync sees no tombstones, so its feed asks for a full run each time.
   */
  private SyncEngine engine(InMemoryTarget target, JsonFileStateStore store, GlobalOptions global) {
    return SyncEngine.builder()
        .source(source())
        .evaluator(DefaultRuleEvaluator.create())
        .target(target)
        .stateStore(store)
        .options(Options.syncOptions(global, LocalOptions.defaults()).build())
        .build();
  }

  private String mail(String login) {
    return login + "-" + tag + "@example.test";
  }

  private Entry ou(String dn) throws LDAPException {
    Entry e = new Entry(dn);
    e.addAttribute("objectClass", "top", "organizationalUnit");
    e.addAttribute("ou", new DN(dn).getRDN().getAttributeValues()[0]);
    return e;
  }

  private Entry user(String login, String givenName, String surname, String parentDn) {
    String cn = givenName + " " + surname + " " + tag;
    Entry e = new Entry("cn=" + cn + "," + parentDn);
    e.addAttribute("cn", cn);
    e.addAttribute("givenName", givenName);
    e.addAttribute("sn", surname);
    e.addAttribute("mail", mail(login));
    String account = login + tag;
    if (flavour() == LdapFlavour.ACTIVE_DIRECTORY) {
      e.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
      e.addAttribute("sAMAccountName", account);
      e.addAttribute("userPrincipalName", account + "@example.test");
      e.addAttribute("userAccountControl", "512");
    } else {
      e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
      e.addAttribute("uid", account);
    }
    return e;
  }

  private void add(Entry e) throws LDAPException {
    admin.add(e);
  }

  private void deleteSubtree(String dn) throws LDAPException {
    if (admin.getEntry(dn, "1.1") == null) {
      return;
    }
    List<DN> dns = new ArrayList<>();
    for (SearchResultEntry e :
        admin.search(dn, SearchScope.SUB, "(objectClass=*)", "1.1").getSearchEntries()) {
      dns.add(e.getParsedDN());
    }
    dns.sort(Comparator.comparingInt((DN d) -> d.getRDNs().length).reversed());
    for (DN d : dns) {
      admin.delete(d.toString());
    }
  }
}
