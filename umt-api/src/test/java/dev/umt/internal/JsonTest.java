package dev.umt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesAndReadsBackEveryKindOfValue() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "quote \" backslash \\ newline \n tab \t ctl \u0001 Zoë Łukasiewicz");
    m.put("n", 42L);
    m.put("d", 1.5);
    m.put("b", true);
    m.put("z", null);
    m.put("l", List.of("a", 1L));
    m.put("o", Map.of("k", "v"));
    String text = Json.write(m);

    assertThat(Json.parse(text)).isEqualTo(m);
    assertThat(text)
        .startsWith("{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001 Zoë");
  }

  @Test
  void reportsWhereMalformedJsonGoesWrong() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1,\n \"a\": 2}"))
        .hasMessage("field \"a\" appears twice at line 2 column 2");
    assertThatThrownBy(() -> Json.parse("[1, 2"))
        .hasMessage("unexpected end of text at line 1 column 6");
    assertThatThrownBy(() -> Json.parse("{} x"))
        .hasMessage("unexpected text after the value at line 1 column 4");
    assertThatThrownBy(() -> Json.parse("\"\\q\""))
        .hasMessage(
            "invalid escape \\q (JSON allows \\\" \\\\ \\/ \\b \\f \\n"
                + " \\r"
                + " \\t \\uXXXX) at line 1 column 2");
  }

  @Test
  void rejectsWhatRfc8259RejectsNamingLineAndColumn() {
    assertThatThrownBy(() -> Json.parse("[\n  .5]"))
        .hasMessage("unexpected character '.' at line 2 column 3");
    assertThatThrownBy(() -> Json.parse("+1"))
        .hasMessage("unexpected character '+' at line 1 column 1");
    assertThatThrownBy(() -> Json.parse("-01"))
        .hasMessage("a number may not start with 0 unless it is 0 (found -01) at line 1 column 1");
    assertThatThrownBy(() -> Json.parse("1e+"))
        .hasMessage("expected a digit in the exponent at line 1 column 4");
    assertThatThrownBy(() -> Json.parse("[-1e999]"))
        .hasMessage("number -1e999 is too large (the largest is about 1.8e308) at line 1 column 2");
    assertThatThrownBy(() -> Json.parse("\"a\tb\""))
        .hasMessage(
            "control character U+0009 in a string (write it as \\u0009) at line 1 column 3");
    assertThatThrownBy(() -> Json.parse("\"\\u12g4\""))
        .hasMessage("invalid escape: \\u needs four hex digits at line 1 column 2");
    assertThatThrownBy(() -> Json.parse("\"x\\ud83d!\""))
        .hasMessage(
            "unpaired surrogate U+D83D in a string (UTF-16 surrogates come in pairs) at line 1"
                + " column 3");
    assertThatThrownBy(() -> Json.parse("\"\\ude00\""))
        .hasMessage(
            "unpaired surrogate U+DE00 in a string (UTF-16 surrogates come in pairs) at line 1"
                + " column 2");
    assertThatThrownBy(() -> Json.parse("{\"a\": True}"))
        .hasMessage("True must be written in lowercase: true at line 1 column 7");
    assertThatThrownBy(() -> Json.parse("\u000b1"))
        .hasMessage("unexpected character U+000B at line 1 column 1");
    assertThatThrownBy(() -> Json.parse("[1,]"))
        .hasMessage("unexpected character ']' at line 1 column 4");
  }

  @Test
  void readsIntegersBeyondALongAsDoublesAndTinyNumbersAsZero() throws Exception {
    assertThat(
            Json.parse(
                "[9223372036854775807, 9223372036854775808, -0, 1e-400, 0.5E2,"
                    + " \"\\ud83d\\ude00\"]"))
        .isEqualTo(List.of(Long.MAX_VALUE, 9.223372036854775808e18, 0L, 0.0, 50.0, "\ud83d\ude00"));
  }

  @Test
  void neverWritesWhatItWouldNotRead() {
    assertThatThrownBy(() -> Json.write(Map.of("n", Double.POSITIVE_INFINITY)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("JSON has no Infinity (the number Infinity)");
    assertThatThrownBy(() -> Json.write(List.of(Float.NaN)))
        .hasMessage("JSON has no NaN (the number NaN)");
    assertThatThrownBy(() -> Json.write(new java.math.BigDecimal("1e400")))
        .hasMessage("JSON has no Infinity (the number 1E+400)");
    assertThatThrownBy(() -> Json.write("ab\ud800"))
        .hasMessage("a string to write as JSON holds an unpaired surrogate U+D800 at index 2");
    assertThat(Json.write(List.of(1e300, -0.0, "\ud83d\ude00")))
        .isEqualTo("[1.0E300,-0.0,\"\ud83d\ude00\"]");
  }
}
