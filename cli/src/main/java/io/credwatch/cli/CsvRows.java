package io.credwatch.cli;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.credwatch.json.JsonLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV export with a header row (the Azure portal's Log Analytics and Sentinel exports, Defender
 * advanced-hunting downloads) as JSON lines, one object per row keyed by the header's column names,
 * produced as the reader asks for them. Dynamic columns stay JSON text; the row shapes parse it.
 */
final class CsvRows extends InputStream {
  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
  private static final ObjectMapper JSON = JsonLimits.defaultMapper();

  private final MappingIterator<Map<String, String>> rows;
  private byte[] line = new byte[0];
  private int position;
  private long rowNumber;

  private CsvRows(MappingIterator<Map<String, String>> rows) {
    this.rows = rows;
  }

  /** True for the file names the scanner reads as CSV ({@code .csv}, {@code .csv.gz}). */
  static boolean isCsv(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".csv") || lower.endsWith(".csv.gz");
  }

  static InputStream asJsonLines(InputStream csv) throws IOException {
    MappingIterator<Map<String, String>> rows =
        CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader()).readValues(csv);
    return new CsvRows(rows);
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return line[position++] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int count = Math.min(length, line.length - position);
    System.arraycopy(line, position, buffer, offset, count);
    position += count;
    return count;
  }

  private boolean fill() throws IOException {
    while (position >= line.length) {
      try {
        if (!rows.hasNextValue()) {
          return false;
        }
        Map<String, String> row = rows.nextValue();
        rowNumber++;
        byte[] json = JSON.writeValueAsBytes(row);
        line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        position = 0;
      } catch (RuntimeException | IOException invalid) {
        throw new IOException(
            "CSV row " + (rowNumber + 1) + " cannot be read: " + invalid.getMessage(), invalid);
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    rows.close();
  }
}
