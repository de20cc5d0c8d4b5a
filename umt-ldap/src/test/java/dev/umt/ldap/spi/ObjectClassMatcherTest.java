package dev.umt.ldap.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectClassMatcherTest {
  private static final Filter PEOPLE =
      Filter.createORFilter(
          Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
          Filter.createEqualityFilter("objectClass", "person"));
  private static final Filter AD_USERS =
      Filter.createANDFilter(
          Filter.createEqualityFilter("objectClass", "user"),
          Filter.createNOTFilter(Filter.createEqualityFilter("objectClass", "computer")));

  private static Entry entry(String... classes) {
    Entry e = new Entry("cn=x,dc=example,dc=test");
    if (classes.length > 0) {
      e.addAttribute("objectClass", classes);
    }
    return e;
  }

  private static boolean quick(Filter f, Entry e) {
    return new ObjectClassMatcher(f).matches(e, ObjectClassMatcher.classesOf(e));
  }

  /** The quick match, checked against the SDK's own on the same entry. */
  private static boolean both(Filter f, Entry e) throws LDAPException {
    boolean quick = quick(f, e);
    assertThat(quick).as("%s on %s", f, e.getObjectClassValues()).isEqualTo(f.matchesEntry(e));
    return quick;
  }

  @Test
  void objectClassesAreComparedIgnoringCaseAndOuterSpaces() throws LDAPException {
    assertThat(both(PEOPLE, entry("top", "INETORGPERSON"))).isTrue();
    assertThat(both(PEOPLE, entry("top", "  Person "))).isTrue();
    assertThat(both(PEOPLE, entry("top", "organizationalUnit"))).isFalse();
    assertThat(both(PEOPLE, entry("top", "personal"))).isFalse();
    assertThat(both(PEOPLE, entry())).isFalse();
  }

  @Test
  void andAndNotAreHonoured() throws LDAPException {
    assertThat(both(AD_USERS, entry("top", "person", "User"))).isTrue();
    assertThat(both(AD_USERS, entry("top", "user", "Computer"))).isFalse();
    assertThat(both(AD_USERS, entry())).isFalse();
    assertThat(both(Filter.createNOTFilter(AD_USERS), entry())).isTrue();
    assertThat(both(Filter.createANDFilter(), entry("top"))).isTrue();
    assertThat(both(Filter.createORFilter(), entry("top"))).isFalse();
  }

  @Test
  void valuesLowerCasingCannotCompareGoToTheFullMatch() throws LDAPException {
    assertThat(ObjectClassMatcher.classesOf(entry("top", "inet  orgPerson"))).isNull();
    assertThat(ObjectClassMatcher.classesOf(entry("top", "persön"))).isNull();
    assertThat(ObjectClassMatcher.classesOf(entry("top", ""))).isNull();
    // The SDK's case-ignore rule collapses inner spaces: so does the match of such an entry.
    Filter spaced = Filter.createEqualityFilter("objectClass", "inet orgPerson");
    assertThat(both(spaced, entry("top", "Inet   OrgPerson"))).isTrue();
    assertThat(both(PEOPLE, entry("persön", "person"))).isTrue();
  }

  @Test
  void filtersOnOtherAttributesGoToTheFullMatch() throws LDAPException {
    Filter category = Filter.createEqualityFilter("objectCategory", "Person");
    Entry e = entry("top", "person");
    e.addAttribute("objectCategory", "person");
    assertThat(both(category, e)).isTrue();
    assertThat(both(Filter.createORFilter(PEOPLE, Filter.createPresenceFilter("uid")), entry("x")))
        .isFalse();
    assertThat(both(Filter.createSubstringFilter("objectClass", "inet", null, null), e)).isFalse();
  }

  @Test
  void theDialectsFiltersAgreeWithTheSdkOnEveryMix() throws LDAPException {
    List<Filter> filters =
        List.of(
            new dev.umt.ldap.internal.GenericDialect().userFilter(),
            new dev.umt.ldap.internal.GenericDialect().groupFilter(),
            new dev.umt.ldap.internal.GenericDialect().containerFilter(),
            AD_USERS);
    List<String> classes =
        List.of("top", "inetOrgPerson", "GROUPOFNAMES", " organizationalUnit", "user", "computer");
    for (int mask = 0; mask < 1 << classes.size(); mask++) {
      List<String> some = new java.util.ArrayList<>();
      for (int i = 0; i < classes.size(); i++) {
        if ((mask & 1 << i) != 0) {
          some.add(classes.get(i));
        }
      }
      for (Filter f : filters) {
        both(f, entry(some.toArray(String[]::new)));
      }
    }
  }
}
