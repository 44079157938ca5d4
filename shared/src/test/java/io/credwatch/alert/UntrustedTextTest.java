package io.credwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTextTest {

  @Test
  void plain_makesControlAndBidiCharactersVisible() {
    assertThat(UntrustedText.plain("bob\nALERT: all clear\r", 200))
        .isEqualTo("bob\\nALERT: all clear\\r");
    assertThat(UntrustedText.plain("admin\u202Egpj.exe", 200)).isEqualTo("admin\\u202Egpj.exe");
    assertThat(UntrustedText.plain("a\u200Bb\u0000c\u001B[31m", 200))
        .isEqualTo("a\\u200Bb\\u0000c\\u001B[31m");
  }

  @Test
  void plain_defangsLinks() {
    assertThat(UntrustedText.plain("see https://evil.example/login and http://x", 200))
        .isEqualTo("see hxxps://evil.example/login and hxxp://x");
    assertThat(UntrustedText.plain("javascript:alert(1) data:text/html", 200))
        .isEqualTo("javascript[:]alert(1) data[:]text/html");
  }

  @Test
  void command_keepsUrlsRunnableButLinesSingle() {
    String undo = "curl -X PATCH 'https://iam.googleapis.com/v1/p?updateMask=disabled'";
    assertThat(UntrustedText.command(undo, 1000)).isEqualTo(undo);
    assertThat(UntrustedText.command("aws iam x --user-name 'bob\nrm -rf /'", 1000))
        .isEqualTo("aws iam x --user-name 'bob\\nrm -rf /'");
  }

  @Test
  void plain_truncatesWithAnEllipsis() {
    assertThat(UntrustedText.plain("x".repeat(50), 10)).isEqualTo("xxxxxxxxx…").hasSize(10);
    assertThat(UntrustedText.plain("short", 10)).isEqualTo("short");
  }

  @Test
  void teams_escapesMarkdownLinksAndMentions() {
    String hostile =
        "**urgent** [click](https://evil.example) <at>CEO</at> _x_ # heading\n- item <b>bold</b> `code` {{DATE(2017-02-14T06:08:39Z)}}";
    String escaped = UntrustedText.teams(hostile, 500);
    assertThat(escaped)
        .doesNotContain("**urgent**")
        .doesNotContain("[click](")
        .doesNotContain("<at>")
        .doesNotContain("</at>")
        .doesNotContain("<b>")
        .doesNotContain("https://")
        .doesNotContain("\n")
        .doesNotContain("{{")
        .contains("\\*\\*urgent\\*\\*")
        .contains("\\[click\\](hxxps://evil.example)")
        .contains("‹at›CEO‹/at›");
  }

  @Test
  void teams_escapesBlockSyntaxOnlyAtTheStart_andLeavesCommandsReadable() {
    assertThat(UntrustedText.teams("- item", 100)).isEqualTo("\\- item");
    assertThat(UntrustedText.teams("# title", 100)).isEqualTo("\\# title");
    assertThat(UntrustedText.teams("12. twelfth", 100)).isEqualTo("12\\. twelfth");
    assertThat(UntrustedText.teams("203.0.113.7", 100)).isEqualTo("203.0.113.7");
    assertThat(UntrustedText.teams("see www.evil.example/login", 100))
        .isEqualTo("see www\\[.\\]evil.example/login");
    assertThat(UntrustedText.teams("v1.2 (beta) a-b #3 x+y", 100))
        .isEqualTo("v1.2 (beta) a-b #3 x+y");
    assertThat(
            UntrustedText.teams("aws iam update-access-key --user-name bob --status Active", 200))
        .isEqualTo("aws iam update-access-key --user-name bob --status Active");
  }
}
