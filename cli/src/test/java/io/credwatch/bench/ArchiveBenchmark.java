package io.credwatch.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code ./credwatch scan} of a CloudTrail archive (thousands of small gzip log files) side by side
 * with what a team might run instead, DuckDB reading the same files with a SQL filter on event
 * names, and with {@code zcat} as the floor (only decompressing). Each is a fresh process, timed by
 * {@code /usr/bin/time}, rounds alternated so they share the machine's state. Not a test: run it
 * with {@code ./credwatch bench archive [--files N] [--records N] [--rounds R] [--keep DIR]}.
 *
 * <p>DuckDB is its Python package ({@code pip install duckdb}); without it that row is skipped.
 */
public final class ArchiveBenchmark {
  /**
   * DuckDB in two forms. "given": the Records column typed JSON[], each record's fields read with
   * JSON operators (the fastest form found here). "detected": {@code read_json} left to detect the
   * schema, the issue's own form, each record a STRUCT. Both keep successful credential additions.
   */
  private static final String DUCKDB_QUERY =
      """
      import sys, duckdb
      names = ('CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile', 'UploadSSHPublicKey',
               'UploadSigningCertificate', 'CreateServiceSpecificCredential', 'ImportKeyPair',
               'CreateKeyPair')
      given = \"\"\"
        SELECT r->>'eventTime', r->>'eventName', r->'userIdentity'->>'arn',
               r->'requestParameters'->>'userName',
               r->'responseElements'->'accessKey'->>'accessKeyId'
        FROM (SELECT unnest(Records) AS r
              FROM read_json(?, columns={'Records': 'JSON[]'}))
        WHERE (r->>'eventName') IN %s AND (r->>'errorCode') IS NULL
      \"\"\" % (names,)
      detected = \"\"\"
        SELECT r.eventTime, r.eventName, r.userIdentity.arn, r.requestParameters.userName,
               r.responseElements.accessKey.accessKeyId
        FROM (SELECT unnest(Records) AS r FROM read_json(?))
        WHERE r.eventName IN %s AND r.errorCode IS NULL
      \"\"\" % (names,)
      query = given if sys.argv[2] == 'given' else detected
      rows = duckdb.connect().execute(query, [sys.argv[1] + '/*.json.gz']).fetchall()
      print(len(rows))
      """;

  private ArchiveBenchmark() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int files = ScanThroughputBenchmark.option(args, "--files", 2000);
    int perFile = ScanThroughputBenchmark.option(args, "--records", 100);
    int rounds = ScanThroughputBenchmark.option(args, "--rounds", 5);
    Path root = Path.of(System.getProperty("credwatch.root", "."));
    String keep = stringOption(args, "--keep");
    Path base =
        keep != null ? Path.of(keep) : Files.createTempDirectory("credwatch-archive-bench-");
    try {
      CloudTrailArchive archive = new CloudTrailArchive();
      Path folder = archive.write(base, files, perFile, 1000);
      System.out.printf(
          Locale.ROOT,
          "archive: %,d gzip log files, %,d records, %.0f MB of JSON (%.0f MB gzip), %d keys created"
              + " for other users%n  %s%n",
          files,
          archive.records(),
          archive.bytes() / 1e6,
          folderBytes(folder) / 1e6,
          archive.createdKeys().size(),
          folder);
      System.out.printf(
          Locale.ROOT,
          "%d cores, %s%n%n",
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      Path work = Files.createTempDirectory("credwatch-archive-run-");
      Path query = work.resolve("duckdb_query.py");
      Files.writeString(query, DUCKDB_QUERY);
      boolean duckdb = run(work, List.of("python3", "-c", "import duckdb")).exitCode == 0;
      List<String> gz;
      try (Stream<Path> list = Files.list(folder)) {
        gz = list.map(Path::toString).sorted().toList();
      }
      Path zcatList = work.resolve("files.txt");
      Files.write(zcatList, gz);
      String credwatch = root.resolve("credwatch").toString();
      List<Row> rows = new ArrayList<>();
      rows.add(
          new Row(
              "./credwatch scan DIR (first use followed)",
              List.of(credwatch, "scan", "--quiet", "--format", "jsonl", folder.toString())));
      rows.add(
          new Row(
              "./credwatch scan --no-first-use DIR",
              List.of(
                  credwatch,
                  "scan",
                  "--quiet",
                  "--no-first-use",
                  "--format",
                  "jsonl",
                  folder.toString())));
      if (duckdb) {
        rows.add(
            new Row(
                "DuckDB, Records typed JSON[]",
                List.of("python3", query.toString(), folder.toString(), "given")));
        rows.add(
            new Row(
                "DuckDB, schema detected (the issue's form)",
                List.of("python3", query.toString(), folder.toString(), "detected")));
      } else {
        System.out.println("DuckDB: skipped, its Python package is missing (pip install duckdb)");
      }
      rows.add(
          new Row(
              "decompression alone, this JVM, every core",
              List.of(
                  "java",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  InflateOnly.class.getName(),
                  folder.toString())));
      rows.add(
          new Row(
              "zcat DIR/*.json.gz > /dev/null (one core)",
              List.of("sh", "-c", "xargs zcat < " + zcatList + " > /dev/null")));
      // One warm-up of each, so the page cache holds the files for every row alike.
      for (Row row : rows) {
        check(row, run(work, row.command), archive);
      }
      for (int round = 0; round < rounds; round++) {
        for (Row row : rows) {
          Result result = run(work, row.command);
          check(row, result, archive);
          row.seconds.add(result.seconds);
          row.kib.add(result.peakKib);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%-44s %10s %10s %12s%n",
          "command (median of " + rounds + ")",
          "seconds",
          "range",
          "peak RSS MB");
      // Ratios to each DuckDB form: the first is the faster peer, the second the issue's own.
      List<Double> ducks =
          rows.stream()
              .filter(row -> row.name.startsWith("DuckDB"))
              .map(row -> median(row.seconds))
              .toList();
      for (Row row : rows) {
        double median = median(row.seconds);
        System.out.printf(
            Locale.ROOT,
            "%-44s %10.2f %4.2f–%4.2f %12.0f%s%n",
            row.name,
            median,
            row.seconds.stream().min(Double::compare).orElse(0.0),
            row.seconds.stream().max(Double::compare).orElse(0.0),
            median(row.kib) * 1024 / 1e6,
            ducks.size() == 2 && !row.name.startsWith("DuckDB")
                ? String.format(
                    Locale.ROOT,
                    "   %.2f × and %.2f × DuckDB",
                    median / ducks.get(0),
                    median / ducks.get(1))
                : "");
      }
      Path small = root.resolve("examples/events/aws/cloudtrail-record-import-key-pair.json");
      if (Files.isRegularFile(small)) {
        List<Double> cold = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          cold.add(run(work, List.of(credwatch, "scan", "--quiet", small.toString())).seconds);
        }
        System.out.printf(
            Locale.ROOT,
            "%ncold JVM, one small file (./credwatch scan %s): median %.2f s%n",
            root.relativize(small),
            median(cold));
      }
      deleteTree(work);
    } finally {
      if (keep == null) {
        deleteTree(base);
      }
    }
  }

  /** Every key created must be in CredWatch's output; DuckDB's count must be the same. */
  private static void check(Row row, Result result, CloudTrailArchive archive) {
    if (row.name.startsWith("./credwatch")) {
      if (result.exitCode != 0) {
        throw new IllegalStateException(
            row.name + " exited " + result.exitCode + ": " + result.stderr);
      }
      for (String key : archive.createdKeys()) {
        if (!result.stdout.contains(key)) {
          throw new IllegalStateException(row.name + " missed the key " + key);
        }
      }
    } else if (row.name.startsWith("DuckDB")) {
      if (!result.stdout.strip().equals(String.valueOf(archive.createdKeys().size()))) {
        throw new IllegalStateException("DuckDB found " + result.stdout + result.stderr);
      }
    } else if (row.name.startsWith("decompression")
        && !result.stdout.strip().equals(Long.toString(archive.bytes()))) {
      throw new IllegalStateException("decompression gave " + result.stdout + result.stderr);
    } else if (result.exitCode != 0) {
      throw new IllegalStateException(row.name + " failed: " + result.stderr);
    }
  }

  private record Result(
      int exitCode, double seconds, double peakKib, String stdout, String stderr) {}

  private static final class Row {
    final String name;
    final List<String> command;
    final List<Double> seconds = new ArrayList<>();
    final List<Double> kib = new ArrayList<>();

    Row(String name, List<String> command) {
      this.name = name;
      this.command = command;
    }
  }

  private static Result run(Path work, List<String> command)
      throws IOException, InterruptedException {
    Path times = work.resolve("time.txt");
    Path out = work.resolve("stdout.txt");
    Path err = work.resolve("stderr.txt");
    List<String> timed =
        new ArrayList<>(List.of("/usr/bin/time", "-o", times.toString(), "-f", "%e %M"));
    timed.addAll(command);
    Process process =
        new ProcessBuilder(timed).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    int exit = process.waitFor();
    String[] figures =
        Files.readString(times).strip().lines().reduce((a, b) -> b).orElse("0 0").split(" ");
    return new Result(
        exit,
        Double.parseDouble(figures[0]),
        Double.parseDouble(figures[1]),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static long folderBytes(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      return list.mapToLong(path -> path.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path each : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }

  private static @org.jspecify.annotations.Nullable String stringOption(
      String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }
}
