package dev.umt.rules;

import dev.umt.directory.Scope;
import dev.umt.rule.DeprovisionAction;
import dev.umt.rule.Grace;
import dev.umt.rule.GroupRef;
import dev.umt.rule.Rule;
import dev.umt.rule.Threshold;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rule-set JSON document (version 1): its records, reading with every problem reported by path,
 * the checks shared by files and the editing API, and writing.
 */
final class RuleSetCodec {
  /** The document version this code reads and writes. */
  public static final int VERSION = 1;

  /** The target fields a mapping fills, in the order messages list them. */
  public static final List<String> TARGET_FIELDS = List.of("email", "firstName", "lastName");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** The most characters of a rule id. */
  public static final int MAX_ID = 64;

  /** The most characters of a rule name. */
  public static final int MAX_NAME = 256;

  /** The most characters of a source's permanent id (a GUID is 36). */
  public static final int MAX_SOURCE_ID = 256;

  /** The most characters of a source's DN. */
  public static final int MAX_DN = 1_024;

  /** The most characters of a source's extra LDAP filter. */
  public static final int MAX_FILTER = 4_096;

  /** The most characters of a target group path or key. */
  public static final int MAX_GROUP = 1_024;

  /** The most characters of a mapping template. */
  public static final int MAX_TEMPLATE = 1_024;

  private RuleSetCodec() {}

  /** The document as first read: only the top level is typed. */
  public record DocumentJson(@Required Integer version, @Required List<Object> rules) {}

  /** The document as written. */
  public record RuleSetJson(Integer version, List<RuleJson> rules) {}

  /** One rule. */
  public record RuleJson(
      @Required String id,
      @Required String name,
      Boolean active,
      Integer priority,
      @Required SourceJson source,
      TargetJson target,
      Map<String, String> mapping,
      Boolean create,
      Boolean invite,
      Boolean update,
      DeprovisionAction onDisabled,
      DeprovisionAction onLeave,
      GraceJson grace,
      ThresholdJson threshold) {}

  /** The OU or group a rule covers. */
  public record SourceJson(
      @Required Scope.Kind kind,
      @Required String id,
      @Required String dn,
      @Required Boolean recursive,
      String filter) {}

  /** The target group (by path or by key) and the license. */
  public record TargetJson(String group, String groupKey, Boolean license) {}

  /** Runs and/or an ISO-8601 duration. */
  public record GraceJson(Integer runs, String duration) {}

  /** A rule's own deprovisioning threshold. */
  public record ThresholdJson(@Required Integer maxCount, @Required Integer maxPercent) {}

  /**
   * Reads a rule-set document; every problem is added to {@code problems}, and the rules are
   * returned only when there is none.
   *
   * @param groups the target's groups to check group references against, or null to not check them
   */
  public static List<Rule> read(String json, TargetGroupIndex groups, List<String> problems) {
    Object tree;
    try {
      tree = JsonText.parseTree(json);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return List.of();
    }
    int before = problems.size();
    JsonShape.check(tree, DocumentJson.class, "", problems);
    if (!(tree instanceof Map<?, ?> document)) {
      if (tree == null) {
        problems.add("the document: must be an object, not null");
      }
      return List.of();
    }
    if (document.get("version") instanceof Number n
        && n.doubleValue() != VERSION
        && n.doubleValue() == Math.rint(n.doubleValue())) {
      problems.add(
          "version: unsupported version "
              + JsonShape.describe(n)
              + "; this UMT reads version "
              + VERSION);
      return List.of();
    }
    List<Rule> rules = new ArrayList<>();
    if (document.get("rules") instanceof List<?> items) {
      Map<String, Integer> firstIndexOfId = new HashMap<>();
      for (int i = 0; i < items.size(); i++) {
        String path = "rules[" + i + "]";
        Object item = items.get(i);
        List<String> shape = new ArrayList<>();
        if (item == null) {
          shape.add(path + ": must not be null");
        } else {
          JsonShape.check(item, RuleJson.class, path, shape);
        }
        problems.addAll(shape);
        if (item instanceof Map<?, ?> m && m.get("id") instanceof String id) {
          duplicate(id, i, firstIndexOfId, problems);
        }
        if (shape.isEmpty()) {
          Rule rule = toRule(JsonText.fromTree(RuleJson.class, item), path, groups, problems);
          if (rule != null) {
            rules.add(rule);
          }
        }
      }
    }
    return problems.size() == before ? rules : List.of();
  }

  /** Checks rules built through the API the same way a file is checked, with the same paths. */
  public static List<String> validate(List<Rule> rules, TargetGroupIndex groups) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> firstIndexOfId = new HashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      String path = "rules[" + i + "]";
      duplicate(rules.get(i).id(), i, firstIndexOfId, problems);
      toRule(toJson(rules.get(i)), path, groups, problems);
    }
    return problems;
  }

  /** The document for {@code rules}, indented, with a final newline. */
  public static String write(List<Rule> rules) {
    return JsonText.write(
        RuleSetJson.class,
        new RuleSetJson(VERSION, rules.stream().map(RuleSetCodec::toJson).toList()));
  }

  private static void duplicate(
      String id, int index, Map<String, Integer> firstIndexOfId, List<String> problems) {
    Integer first = firstIndexOfId.putIfAbsent(id, index);
    if (first != null) {
      problems.add(
          "rules["
              + index
              + "].id: duplicate id \""
              + id
              + "\", first used at rules["
              + first
              + "]");
    }
  }

  /**
   * Converts and checks one rule; returns null when it has problems, which are added to {@code
   * problems}.
   */
  static Rule toRule(RuleJson r, String path, TargetGroupIndex groups, List<String> problems) {
    int before = problems.size();
    if (JsonShape.text(r.id(), path + ".id", MAX_ID, problems)) {
      if (r.id().isBlank()) {
        problems.add(path + ".id: must not be blank");
      } else if (!ID.matcher(r.id()).matches()) {
        problems.add(
            path
                + ".id: \""
                + r.id()
                + "\" is not a valid id (letters, digits, '.', '_' and '-', starting with a letter"
                + " or digit)");
      }
    }
    if (JsonShape.text(r.name(), path + ".name", MAX_NAME, problems) && r.name().isBlank()) {
      problems.add(path + ".name: must not be blank");
    }
    SourceJson s = r.source();
    if (JsonShape.text(s.id(), path + ".source.id", MAX_SOURCE_ID, problems) && s.id().isBlank()) {
      problems.add(path + ".source.id: must not be blank");
    }
    if (JsonShape.text(s.dn(), path + ".source.dn", MAX_DN, problems) && s.dn().isBlank()) {
      problems.add(path + ".source.dn: must not be blank");
    }
    if (s.filter() != null
        && JsonShape.text(s.filter(), path + ".source.filter", MAX_FILTER, problems)) {
      try {
        LdapFilterSyntax.check(s.filter());
      } catch (IllegalArgumentException e) {
        problems.add(
            path
                + ".source.filter: malformed LDAP filter \""
                + s.filter()
                + "\": "
                + e.getMessage());
      }
    }
    GroupRef group = group(r.target(), path + ".target", groups, problems);
    Map<String, String> mapping = r.mapping() == null ? Rule.DEFAULT_MAPPING : r.mapping();
    for (String field : mapping.keySet()) {
      if (!TARGET_FIELDS.contains(field)) {
        problems.add(
            path
                + ".mapping."
                + field
                + ": unknown target field; known: "
                + String.join(", ", TARGET_FIELDS));
      } else if (JsonShape.text(
          mapping.get(field), path + ".mapping." + field, MAX_TEMPLATE, problems)) {
        try {
          Template.parse(mapping.get(field));
        } catch (IllegalArgumentException e) {
          problems.add(
              path
                  + ".mapping."
                  + field
                  + ": malformed template \""
                  + mapping.get(field)
                  + "\": "
                  + e.getMessage());
        }
      }
    }
    for (String field : TARGET_FIELDS) {
      if (!mapping.containsKey(field)) {
        problems.add(path + ".mapping: no template for " + field);
      }
    }
    Grace grace = grace(r.grace(), path + ".grace", problems);
    Threshold threshold = threshold(r.threshold(), path + ".threshold", problems);
    if (problems.size() != before) {
      return null;
    }
    Scope scope = new Scope(s.kind(), s.id(), s.dn(), s.recursive(), s.filter());
    return Rule.builder(r.id(), r.name(), scope)
        .active(or(r.active(), true))
        .priority(r.priority() == null ? 100 : r.priority())
        .group(group)
        .grantLicense(r.target() == null || or(r.target().license(), true))
        .mapping(mapping)
        .create(or(r.create(), true))
        .invite(or(r.invite(), true))
        .update(or(r.update(), true))
        .onDisabled(r.onDisabled() == null ? DeprovisionAction.SUSPEND : r.onDisabled())
        .onLeave(r.onLeave() == null ? DeprovisionAction.SUSPEND : r.onLeave())
        .grace(grace)
        .threshold(threshold)
        .build();
  }

  private static boolean or(Boolean value, boolean fallback) {
    return value == null ? fallback : value;
  }

  private static GroupRef group(
      TargetJson t, String path, TargetGroupIndex groups, List<String> problems) {
    if (t == null || (t.group() == null && t.groupKey() == null)) {
      return null;
    }
    if (t.group() != null && t.groupKey() != null) {
      problems.add(path + ": give group or groupKey, not both");
      return null;
    }
    if (t.groupKey() != null) {
      if (!JsonShape.text(t.groupKey(), path + ".groupKey", MAX_GROUP, problems)) {
        return null;
      }
      if (t.groupKey().isBlank()) {
        problems.add(path + ".groupKey: must not be blank");
        return null;
      }
      if (groups != null && !groups.hasKey(t.groupKey())) {
        problems.add(path + ".groupKey: no GoToMyPC group with key \"" + t.groupKey() + "\"");
      }
      return GroupRef.key(t.groupKey());
    }
    if (!JsonShape.text(t.group(), path + ".group", MAX_GROUP, problems)) {
      return null;
    }
    if (!TargetGroupIndex.isPath(t.group())) {
      problems.add(
          path
              + ".group: \""
              + t.group()
              + "\" is not a group path (group names separated by '/', such as Sales/EMEA)");
      return null;
    }
    if (groups != null) {
      List<String> keys = groups.keysAt(t.group());
      if (keys.isEmpty()) {
        problems.add(path + ".group: no GoToMyPC group \"" + t.group() + "\"");
      } else if (keys.size() > 1) {
        problems.add(
            path
                + ".group: GoToMyPC group \""
                + t.group()
                + "\" is ambiguous, keys "
                + String.join(", ", keys)
                + "; name it by groupKey");
      }
    }
    return GroupRef.path(t.group());
  }

  private static Grace grace(GraceJson g, String path, List<String> problems) {
    if (g == null) {
      return Grace.NONE;
    }
    int runs = g.runs() == null ? 0 : g.runs();
    boolean ok = true;
    if (runs < 0) {
      problems.add(path + ".runs: must not be negative, not " + runs);
      ok = false;
    }
    Duration duration = Duration.ZERO;
    if (g.duration() != null) {
      try {
        duration = Duration.parse(g.duration());
        if (duration.isNegative()) {
          problems.add(path + ".duration: must not be negative, not \"" + g.duration() + "\"");
          ok = false;
        }
      } catch (DateTimeParseException e) {
        problems.add(
            path
                + ".duration: \""
                + g.duration()
                + "\" is not an ISO-8601 duration such as P7D or PT12H");
        ok = false;
      }
    }
    return ok ? new Grace(runs, duration) : null;
  }

  private static Threshold threshold(ThresholdJson t, String path, List<String> problems) {
    if (t == null) {
      return null;
    }
    boolean ok = true;
    if (t.maxCount() < 0) {
      problems.add(path + ".maxCount: must not be negative, not " + t.maxCount());
      ok = false;
    }
    if (t.maxPercent() < 0 || t.maxPercent() > 100) {
      problems.add(path + ".maxPercent: must be 0 to 100, not " + t.maxPercent());
      ok = false;
    }
    return ok ? new Threshold(t.maxCount(), t.maxPercent()) : null;
  }

  /** The JSON form of {@code rule}. */
  static RuleJson toJson(Rule rule) {
    Scope s = rule.source();
    GroupRef g = rule.group();
    TargetJson target =
        new TargetJson(
            g == null ? null : g.path(), g == null ? null : g.key(), rule.grantLicense());
    Grace grace = rule.grace();
    GraceJson graceJson =
        grace.runs() == 0 && grace.duration().isZero()
            ? null
            : new GraceJson(
                grace.runs() == 0 ? null : grace.runs(),
                grace.duration().isZero() ? null : grace.duration().toString());
    Threshold t = rule.threshold();
    return new RuleJson(
        rule.id(),
        rule.name(),
        rule.active(),
        rule.priority(),
        new SourceJson(s.kind(), s.id(), s.dn(), s.recursive(), s.filter()),
        target,
        new LinkedHashMap<>(rule.mapping()),
        rule.create(),
        rule.invite(),
        rule.update(),
        rule.onDisabled(),
        rule.onLeave(),
        graceJson,
        t == null ? null : new ThresholdJson(t.maxCount(), t.maxPercent()));
  }
}
