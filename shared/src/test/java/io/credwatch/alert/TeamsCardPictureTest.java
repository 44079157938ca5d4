package io.credwatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.credwatch.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's pictures of Teams cards show the golden cards the tests pin: each was rendered from
 * its golden's current bytes, which the picture's .source file records.
 */
class TeamsCardPictureTest {
  /** A picture in docs/ and the golden card it shows. */
  record Picture(String golden, String picture) {
    String source() {
      return picture.replace(".png", ".source");
    }

    String rerender() {
      return "run `tools/card-picture/render.sh "
          + golden
          + " "
          + picture
          + "` and commit both files";
    }

    @Override
    public String toString() {
      return picture;
    }
  }

  static Stream<Picture> pictures() {
    return Stream.of(
        new Picture("shared/src/test/resources/golden/teams-card.json", "docs/teams-card.png"),
        new Picture(
            "shared/src/test/resources/golden/teams-card-first-use.json",
            "docs/teams-card-first-use.png"),
        new Picture(
            "azure-function/src/test/resources/golden/entra-password-card.json",
            "docs/teams-card-entra.png"));
  }

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final Path root = Fixtures.repositoryRoot();

  @ParameterizedTest
  @MethodSource("pictures")
  void picture_wasRenderedFromTheCurrentGoldenCard(Picture shown) throws Exception {
    String golden = shown.golden();
    String picture = shown.picture();
    String source = shown.source();
    String rerender = shown.rerender();
    Path sourceFile = root.resolve(source);
    assertThat(sourceFile).as("%s is missing: %s", source, rerender).isRegularFile();
    String[] recorded =
        Files.readString(sourceFile, StandardCharsets.UTF_8).trim().split("\\s+", 2);
    assertThat(recorded)
        .as("%s should read '<sha256>  %s': %s", source, golden, rerender)
        .hasSize(2);
    assertThat(recorded[1])
        .as("the card %s was rendered from; %s", source, rerender)
        .isEqualTo(golden);
    assertThat(recorded[0])
        .as(
            "%s no longer shows %s: the golden card changed since the picture was rendered; %s",
            picture, golden, rerender)
        .isEqualTo(sha256(root.resolve(golden)));
  }

  @ParameterizedTest
  @MethodSource("pictures")
  void picture_isAPngOfACardSize(Picture shown) throws IOException {
    String picture = shown.picture();
    String rerender = shown.rerender();
    Path file = root.resolve(picture);
    assertThat(file).as("%s is missing: %s", picture, rerender).isRegularFile();
    byte[] png = Files.readAllBytes(file);
    assertThat(png.length).as("%s is too short to be a PNG", picture).isGreaterThan(33);
    assertThat(Arrays.copyOf(png, 8)).as("%s's signature", picture).isEqualTo(PNG_SIGNATURE);
    // The first chunk is IHDR: length (4 bytes), type, then width and height as big-endian ints.
    ByteBuffer header = ByteBuffer.wrap(png, 8, 25);
    assertThat(header.getInt()).as("IHDR length").isEqualTo(13);
    byte[] type = new byte[4];
    header.get(type);
    assertThat(new String(type, StandardCharsets.US_ASCII)).as("first chunk").isEqualTo("IHDR");
    int width = header.getInt();
    int height = header.getInt();
    assertThat(width).as("%s's width", picture).isGreaterThanOrEqualTo(400);
    assertThat(height).as("%s's height", picture).isGreaterThanOrEqualTo(200);
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
