package io.credwatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's settings tables against the code: the table under a heading lists exactly the {@code
 * CREDWATCH_*} variables a settings class declares, so neither can drift from the other.
 */
public final class ReadmeSettings {
  private ReadmeSettings() {}

  /** The variables of the table that follows {@code heading} (up to the next heading). */
  public static List<String> table(String heading) throws Exception {
    String readme =
        Files.readString(Fixtures.repositoryRoot().resolve("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as("README heading " + heading).isPositive();
    int end = readme.indexOf("\n#", start + heading.length() + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    Matcher row = Pattern.compile("(?m)^\\| `(CREDWATCH_[A-Z_]+)` \\|").matcher(section);
    List<String> names = new ArrayList<>();
    while (row.find()) {
      names.add(row.group(1));
    }
    return names;
  }

  /** The {@code CREDWATCH_*} variables a settings class declares as constants. */
  public static List<String> declared(Class<?> settings) throws IllegalAccessException {
    List<String> names = new ArrayList<>();
    for (Field field : settings.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String name = (String) field.get(null);
        if (name.startsWith("CREDWATCH_")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  public static void assertTableLists(String heading, Class<?> settings) throws Exception {
    assertThat(new TreeSet<>(table(heading)))
        .as("the README's table under " + heading + " against " + settings.getSimpleName())
        .isEqualTo(new TreeSet<>(declared(settings)));
  }
}
