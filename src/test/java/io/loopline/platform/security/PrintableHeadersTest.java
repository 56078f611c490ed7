package io.loopline.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firewall's header rules, checked without a regular expression, accept what it did. */
class PrintableHeadersTest {

  // Spring Security's own patterns for header names and values
  private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
  private static final Pattern VALUES =
      Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

  @Test
  void every_code_point_is_judged_as_the_library_judges_it() {
    for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
      String one = "a" + Character.toString(c) + "b";
      assertThat(PrintableHeaders.printable(one, false)).as("U+%04X in a name", c)
          .isEqualTo(NAMES.matcher(one).matches());
      assertThat(PrintableHeaders.printable(one, true)).as("U+%04X in a value", c)
          .isEqualTo(VALUES.matcher(one).matches());
    }
    assertThat(PrintableHeaders.printable("\ud800x", true))
        .isEqualTo(VALUES.matcher("\ud800x").matches());
    assertThat(PrintableHeaders.printable("", false)).isTrue();
  }
}
