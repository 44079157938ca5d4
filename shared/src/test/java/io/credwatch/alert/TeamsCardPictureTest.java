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
import org.junit.jupiter.api.Test;

/**
 * The README's picture of the Teams card (docs/teams-card.png) shows the golden card: it was
 * rendered from the golden's current bytes, which docs/teams-card.source records.
 */
class TeamsCardPictureTest {
  private static final String GOLDEN = "shared/src/test/resources/golden/teams-card.json";
  private static final String PICTURE = "docs/teams-card.png";
  private static final String SOURCE = "docs/teams-card.source";
  private static final String RERENDER =
      "run `tools/card-picture/render.sh " + GOLDEN + " " + PICTURE + "` and commit both files";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private final Path root = Fixtures.repositoryRoot();

  @Test
  void picture_wasRenderedFromTheCurrentGoldenCard() throws Exception {
    Path source = root.resolve(SOURCE);
    assertThat(source).as("%s is missing: %s", SOURCE, RERENDER).isRegularFile();
    String[] recorded = Files.readString(source, StandardCharsets.UTF_8).trim().split("\\s+", 2);
    assertThat(recorded)
        .as("%s should read '<sha256>  %s': %s", SOURCE, GOLDEN, RERENDER)
        .hasSize(2);
    assertThat(recorded[1])
        .as("the card %s was rendered from; %s", SOURCE, RERENDER)
        .isEqualTo(GOLDEN);
    assertThat(recorded[0])
        .as(
            "%s no longer shows %s: the golden card changed since the picture was rendered; %s",
            PICTURE, GOLDEN, RERENDER)
        .isEqualTo(sha256(root.resolve(GOLDEN)));
  }

  @Test
  void picture_isAPngOfACardSize() throws IOException {
    Path picture = root.resolve(PICTURE);
    assertThat(picture).as("%s is missing: %s", PICTURE, RERENDER).isRegularFile();
    byte[] png = Files.readAllBytes(picture);
    assertThat(png.length).as("%s is too short to be a PNG", PICTURE).isGreaterThan(33);
    assertThat(Arrays.copyOf(png, 8)).as("%s's signature", PICTURE).isEqualTo(PNG_SIGNATURE);
    // The first chunk is IHDR: length (4 bytes), type, then width and height as big-endian ints.
    ByteBuffer header = ByteBuffer.wrap(png, 8, 25);
    assertThat(header.getInt()).as("IHDR length").isEqualTo(13);
    byte[] type = new byte[4];
    header.get(type);
    assertThat(new String(type, StandardCharsets.US_ASCII)).as("first chunk").isEqualTo("IHDR");
    int width = header.getInt();
    int height = header.getInt();
    assertThat(width).as("%s's width", PICTURE).isGreaterThanOrEqualTo(400);
    assertThat(height).as("%s's height", PICTURE).isGreaterThanOrEqualTo(200);
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
