package dev.umt.schedule;

import dev.umt.ConfigurationException;
import dev.umt.internal.AtomicFiles;
import dev.umt.internal.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The schedules of a data folder, kept in a JSON file ({@code schedules.json}, owner-only, replaced
 * atomically on every save), one schedule per line as saved (the example wraps the long ones):
 *
 * <pre>{@code
 * {"schedules": [
 *   {"id": "nightly", "daily": {"at": "02:30"}, "start": "2026-12-01T00:00",
 *    "zone": "Europe/Berlin", "ruleSet": "rules.json"},
 *   {"id": "weekdays", "weekly": {"days": ["MON", "FRI"], "at": "06:00"},
 *    "start": "2026-12-01T00:00", "end": "2027-06-30T00:00", "zone": "UTC"},
 *   {"id": "often", "continuously": {"every": "15m"}, "start": "2026-12-01T08:00", "zone": "UTC"},
 *   {"id": "go-live", "once": {"at": "2027-01-04T09:00"}, "start": "2026-12-01T00:00", "zone": "UTC"},
 *   {"id": "office-hours", "custom": {"cron": "0 0/30 8-18 ? * MON-FRI"},
 *    "start": "2026-12-01T00:00", "zone": "UTC"}
 * ]}
 * }</pre>
 *
 * A file that cannot be used is refused whole with every problem, each naming its line and field:
 * {@code line 3: schedules[1].weekly.days: 'Funday' is not a day}. A missing file holds no
 * schedules. Each call reads or writes the file; not safe against two processes saving at once (the
 * last save wins; neither file is ever half-written).
 */
public final class ScheduleFile {
  /** The file name in a data folder. */
  public static final String NAME = "schedules.json";

  private static final long MAX_BYTES = 1_000_000;
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "once",
          "daily",
          "weekly",
          "continuously",
          "custom",
          "start",
          "end",
          "zone",
          "ruleSet");
  private static final List<String> KINDS =
      List.of("once", "daily", "weekly", "continuously", "custom");

  private final Path file;

  private ScheduleFile(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * The schedules file {@code file} (in a data folder, {@code folder.resolve(ScheduleFile.NAME)});
   * nothing is read yet, and a missing file holds no schedules.
   */
  public static ScheduleFile open(Path file) {
    return new ScheduleFile(file);
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * The schedules, in file order.
   *
   * @throws ScheduleException listing every problem with its line and field
   * @throws ConfigurationException when the file cannot be read
   */
  public List<Schedule> load() {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ScheduleException(
            file.toString(),
            List.of("the file is " + Files.size(file) + " bytes long; the limit is " + MAX_BYTES));
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (CharacterCodingException e) {
      throw new ScheduleException(file.toString(), List.of("the file is not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigurationException(file + ": cannot read the schedules: " + e, e);
    }
    return parse(file.toString(), text);
  }

  /** Parses the text of a schedules file; {@code origin} names it in errors. */
  static List<Schedule> parse(String origin, String text) {
    Map<Object, Integer> lines = new IdentityHashMap<>();
    Object root;
    try {
      root = Json.parse(text, lines);
    } catch (Json.ParseException e) {
      throw new ScheduleException(origin, List.of("not valid JSON: " + e.getMessage()));
    }
    if (!(root instanceof Map<?, ?> top) || !(top.get("schedules") instanceof List<?> list)) {
      throw new ScheduleException(
          origin, List.of("line 1: the file must be an object with a \"schedules\" array"));
    }
    List<String> problems = new ArrayList<>();
    List<Schedule> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      Object o = list.get(i);
      String path = "schedules[" + i + "]";
      if (!(o instanceof Map<?, ?> m)) {
        problems.add(path + ": not an object");
        continue;
      }
      String where = "line " + lines.getOrDefault(m, 0) + ": " + path + ".";
      List<String> mine = new ArrayList<>();
      Schedule s = read(m, mine);
      mine.forEach(p -> problems.add(where + p));
      if (s != null && !ids.add(s.id())) {
        problems.add(where + "id: '" + s.id() + "' is used by an earlier schedule");
      }
      if (s != null && mine.isEmpty()) {
        out.add(s);
      }
    }
    if (!problems.isEmpty()) {
      throw new ScheduleException(origin, problems);
    }
    return List.copyOf(out);
  }

  /**
   * One schedule from its JSON object, or null with the problems (field: value, what is wrong)
   * added.
   */
  private static Schedule read(Map<?, ?> m, List<String> problems) {
    for (Object k : m.keySet()) {
      if (!FIELDS.contains(k)) {
        problems.add(
            k
                + ": unknown field (known: "
                + String.join(", ", new java.util.TreeSet<>(FIELDS))
                + ")");
      }
    }
    List<String> kinds = KINDS.stream().filter(m::containsKey).toList();
    if (kinds.size() != 1) {
      problems.add(
          (kinds.isEmpty() ? "" : String.join("/", kinds) + ": ")
              + "a schedule needs exactly one of "
              + String.join(", ", KINDS));
      return null;
    }
    String kind = kinds.get(0);
    try {
      Timing timing = timing(kind, m.get(kind));
      LocalDateTime start = ScheduleText.dateTime("start", string(m, "start"));
      LocalDateTime end =
          m.get("end") == null ? null : ScheduleText.dateTime("end", string(m, "end"));
      return new Schedule(
          string(m, "id"),
          timing,
          start,
          end,
          ScheduleText.zone("zone", string(m, "zone")),
          m.get("ruleSet") == null ? null : string(m, "ruleSet"));
    } catch (ScheduleException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  private static Timing timing(String kind, Object value) {
    if (!(value instanceof Map<?, ?> t)) {
      throw new ScheduleException("schedule", List.of(kind + ": not an object"));
    }
    return switch (kind) {
      case "once" -> new Timing.Once(ScheduleText.dateTime("once.at", string(t, "at", "once.at")));
      case "daily" -> new Timing.Daily(ScheduleText.time("daily.at", string(t, "at", "daily.at")));
      case "weekly" -> {
        if (!(t.get("days") instanceof List<?> days)) {
          throw new ScheduleException(
              "schedule",
              List.of(
                  "weekly.days: '"
                      + t.get("days")
                      + "' is not a list of days such as [\"MON\", \"FRI\"]"));
        }
        Set<DayOfWeek> set =
            ScheduleText.days("weekly.days", days.stream().map(String::valueOf).toList());
        yield new Timing.Weekly(set, ScheduleText.time("weekly.at", string(t, "at", "weekly.at")));
      }
      case "continuously" ->
          new Timing.Continuously(
              ScheduleText.interval(
                  "continuously.every", string(t, "every", "continuously.every")));
      default -> new Timing.Custom(string(t, "cron", "custom.cron"));
    };
  }

  private static String string(Map<?, ?> m, String key) {
    return string(m, key, key);
  }

  private static String string(Map<?, ?> m, String key, String field) {
    Object v = m.get(key);
    if (!(v instanceof String s)) {
      throw new ScheduleException(
          "schedule",
          List.of(field + ": " + (v == null ? "missing" : "'" + v + "' is not a string")));
    }
    return s;
  }

  /**
   * Replaces the file with {@code schedules} (owner-only, atomically: a crash leaves the old file
   * or the new one whole).
   *
   * @throws ScheduleException when two schedules share an id
   * @throws ConfigurationException when the file cannot be written
   */
  public void save(List<Schedule> schedules) {
    Set<String> ids = new HashSet<>();
    StringBuilder b = new StringBuilder("{\"schedules\": [");
    for (int i = 0; i < schedules.size(); i++) {
      Schedule s = schedules.get(i);
      if (!ids.add(s.id())) {
        throw new ScheduleException(
            file.toString(), List.of("id: '" + s.id() + "' is used by two schedules"));
      }
      b.append(i == 0 ? "\n  " : ",\n  ").append(Json.write(toJson(s)));
    }
    b.append(schedules.isEmpty() ? "]}\n" : "\n]}\n");
    try {
      AtomicFiles.write(file, b.toString());
    } catch (IOException e) {
      throw new ConfigurationException(file + ": cannot write the schedules: " + e, e);
    }
  }

  static Map<String, Object> toJson(Schedule s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    Map<String, Object> t = new LinkedHashMap<>();
    Timing timing = s.timing();
    if (timing instanceof Timing.Once o) {
      t.put("at", o.at().toString());
    } else if (timing instanceof Timing.Daily d) {
      t.put("at", d.at().toString());
    } else if (timing instanceof Timing.Weekly w) {
      t.put("days", List.of(ScheduleText.days(w.days()).split(",")));
      t.put("at", w.at().toString());
    } else if (timing instanceof Timing.Continuously c) {
      t.put("every", ScheduleText.format(c.every()));
    } else {
      t.put("cron", ((Timing.Custom) timing).cron());
    }
    m.put(timing.kind(), t);
    m.put("start", s.start().toString());
    if (s.end() != null) {
      m.put("end", s.end().toString());
    }
    m.put("zone", s.zone().getId());
    m.put("ruleSet", s.ruleSet());
    return m;
  }
}
