package dev.umt.rule;

import dev.umt.directory.Scope;
import dev.umt.internal.Checks;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Who should have an account, and what it looks like: the users of an OU or a security group
 * ({@link #source()}, found by its permanent id), mapped to a target account in a group.
 *
 * <p>Mapping keys are target fields ({@code email}, {@code firstName}, {@code lastName}); values
 * are templates over directory attributes such as {@code ${mail|userPrincipalName}} that the {@link
 * RuleEvaluator} expands.
 *
 * @param id a stable id, unique in a rule set
 * @param name a name for people
 * @param active only active rules run
 * @param priority a user in the scope of several rules is decided by the rule with the smallest
 *     priority (ties: smallest id)
 * @param source the OU or group whose users the rule covers, with an optional extra LDAP filter
 * @param group the target group, or null for the target's default group
 * @param grantLicense whether accounts get the product license
 * @param mapping target field to template
 * @param create whether new users get an account
 * @param invite whether new accounts get the target's invitation email
 * @param update whether existing accounts follow changes in the directory
 * @param onDisabled what happens when a user in scope is disabled
 * @param onLeave what happens when a user leaves the scope
 * @param grace how long to wait before {@code onDisabled} or {@code onLeave} acts
 * @param threshold this rule's own deprovisioning threshold, or null to use only the run's
 */
public record Rule(
    String id,
    String name,
    boolean active,
    int priority,
    Scope source,
    @Nullable GroupRef group,
    boolean grantLicense,
    Map<String, String> mapping,
    boolean create,
    boolean invite,
    boolean update,
    DeprovisionAction onDisabled,
    DeprovisionAction onLeave,
    Grace grace,
    @Nullable Threshold threshold) {

  /** email from {@code mail}, first name from {@code givenName}, last name from {@code sn}. */
  public static final Map<String, String> DEFAULT_MAPPING =
      Map.of("email", "${mail}", "firstName", "${givenName}", "lastName", "${sn}");

  public Rule {
    Checks.notBlank(id, "rule id");
    Checks.notBlank(name, "name of rule " + id);
    Objects.requireNonNull(source, "source of rule " + id);
    mapping =
        java.util.Collections.unmodifiableMap(
            new TreeMap<>(mapping == null ? DEFAULT_MAPPING : mapping));
    onDisabled = onDisabled == null ? DeprovisionAction.SUSPEND : onDisabled;
    onLeave = onLeave == null ? DeprovisionAction.SUSPEND : onLeave;
    grace = grace == null ? Grace.NONE : grace;
  }

  /**
   * A rule with the given id, name and source, active, priority 100, default mapping, creating,
   * inviting and updating, suspending on disable and leave.
   */
  public static Builder builder(String id, String name, Scope source) {
    return new Builder(id, name, source);
  }

  /** A builder that starts from this rule. */
  public Builder toBuilder() {
    return new Builder(id, name, source)
        .active(active)
        .priority(priority)
        .group(group)
        .grantLicense(grantLicense)
        .mapping(mapping)
        .create(create)
        .invite(invite)
        .update(update)
        .onDisabled(onDisabled)
        .onLeave(onLeave)
        .grace(grace)
        .threshold(threshold);
  }

  /** Builds {@link Rule}s. */
  public static final class Builder {
    private String id;
    private String name;
    private Scope source;
    private boolean active = true;
    private int priority = 100;
    private GroupRef group;
    private boolean grantLicense = true;
    private Map<String, String> mapping = DEFAULT_MAPPING;
    private boolean create = true;
    private boolean invite = true;
    private boolean update = true;
    private DeprovisionAction onDisabled = DeprovisionAction.SUSPEND;
    private DeprovisionAction onLeave = DeprovisionAction.SUSPEND;
    private Grace grace = Grace.NONE;
    private Threshold threshold;

    private Builder(String id, String name, Scope source) {
      this.id = id;
      this.name = name;
      this.source = source;
    }

    public Builder id(String v) {
      id = v;
      return this;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder source(Scope v) {
      source = v;
      return this;
    }

    public Builder active(boolean v) {
      active = v;
      return this;
    }

    public Builder priority(int v) {
      priority = v;
      return this;
    }

    public Builder group(GroupRef v) {
      group = v;
      return this;
    }

    public Builder grantLicense(boolean v) {
      grantLicense = v;
      return this;
    }

    public Builder mapping(Map<String, String> v) {
      mapping = v;
      return this;
    }

    public Builder create(boolean v) {
      create = v;
      return this;
    }

    public Builder invite(boolean v) {
      invite = v;
      return this;
    }

    public Builder update(boolean v) {
      update = v;
      return this;
    }

    public Builder onDisabled(DeprovisionAction v) {
      onDisabled = v;
      return this;
    }

    public Builder onLeave(DeprovisionAction v) {
      onLeave = v;
      return this;
    }

    public Builder grace(Grace v) {
      grace = v;
      return this;
    }

    public Builder threshold(Threshold v) {
      threshold = v;
      return this;
    }

    public Rule build() {
      return new Rule(
          id,
          name,
          active,
          priority,
          source,
          group,
          grantLicense,
          mapping,
          create,
          invite,
          update,
          onDisabled,
          onLeave,
          grace,
          threshold);
    }
  }
}
