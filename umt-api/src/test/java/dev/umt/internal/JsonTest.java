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
    assertThat(text).startsWith("{\"s\":\"quote \\\" backslash \\\\ newline \\n tab \\t ctl \\u0001 Zoë");
  }

  @Test
  void reportsWhereMalformedJsonGoesWrong() {
    assertThatThrownBy(() -> Json.parse("{\"a\": 1,\n \"a\": 2}")).hasMessage("field \"a\" appears twice at line 2 column 2");
    assertThatThrownBy(() -> Json.parse("[1, 2")).hasMessage("unexpected end of text at line 1 column 6");
    assertThatThrownBy(() -> Json.parse("{} x")).hasMessage("unexpected text after the value at line 1 column 4");
    assertThatThrownBy(() -> Json.parse("\"\\q\"")).hasMessage("bad escape \\q at line 1 column 4");
  }
}
