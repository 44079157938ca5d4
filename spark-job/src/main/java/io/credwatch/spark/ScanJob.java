package io.credwatch.spark;

import io.credwatch.alert.Severity;
import io.credwatch.cli.Scanner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code ./credwatch scan}'s detections as a Spark batch job, for archives no single machine should
 * scan: {@code spark-submit credwatch-spark-job.jar --input s3a://trail/AWSLogs/ --output
 * s3a://results/credwatch/}. Every file the scanner would read (JSON, JSON lines, CSV, gzip; any
 * shape or envelope) below each input, on any file system Spark has a connector for. Writes:
 *
 * <ul>
 *   <li>{@code OUTPUT/alerts/}: the alert documents, one per line, in file and record order;
 *   <li>{@code OUTPUT/ocsf/region=R/accountId=A/eventDay=YYYYMMDD/}: the OCSF Detection Findings as
 *       Parquet, partitioned the way Security Lake custom sources are.
 * </ul>
 *
 * <p>Prints the scan's totals, every record accounted for, as the command line does. Following new
 * credentials to their first use needs the whole archive in order and is left to the command line.
 */
public final class ScanJob {
  private ScanJob() {}

  /** What a run found: the totals by name, the alerts, and the first problems reported. */
  public record Totals(java.util.Map<String, Long> counts, long alerts, List<String> problems) {}

  public static void main(String[] args) {
    try {
      scan(args);
    } catch (IllegalArgumentException usage) {
      // A usage error is a sentence for the person who ran the job, not a stack trace.
      System.err.println("credwatch: " + usage.getMessage());
      System.exit(2);
    }
  }

  private static void scan(String[] args) {
    List<String> inputs = new ArrayList<>();
    String output = null;
    Severity minSeverity = Severity.LOW;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--input" -> inputs.addAll(Arrays.asList(value.split(",", -1)));
        case "--output" -> output = value;
        case "--min-severity" ->
            minSeverity =
                Severity.fromId(value)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "--min-severity must be one of " + Severity.choices()));
        default -> throw new IllegalArgumentException(usage("unknown option " + args[i]));
      }
      i++;
    }
    if (inputs.isEmpty() || inputs.contains("") || output == null || output.isBlank()) {
      throw new IllegalArgumentException(usage("--input and --output are needed"));
    }
    SparkSession spark = SparkSession.builder().appName("credwatch-scan").getOrCreate();
    // Spark's own INFO lines would bury the summary.
    spark.sparkContext().setLogLevel("WARN");
    try {
      Totals totals = run(spark, inputs, output, minSeverity);
      print(totals, System.err);
    } finally {
      spark.stop();
    }
  }

  private static String usage(String problem) {
    return problem
        + "; usage: credwatch-spark-job.jar --input PATH[,PATH...] --output DIR"
        + " [--min-severity info|low|medium|high|critical]";
  }

  /** Scans every input, writes the outputs, and returns the totals. */
  public static Totals run(
      SparkSession spark, List<String> inputs, String output, Severity minSeverity) {
    List<String> files = filesBelow(spark.sparkContext().hadoopConfiguration(), inputs);
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to scan in " + inputs + ": no .json, .jsonl, .ndjson, .log, .csv or .gz file");
    }
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // A few files' worth of work per task: small enough to balance, large enough that each task's
    // detector (the rules, read once per task) is worth building.
    int partitions = Math.max(context.defaultParallelism(), files.size() / 64);
    java.util.Map<String, String> hadoopSettings = new java.util.HashMap<>();
    spark
        .sparkContext()
        .hadoopConfiguration()
        .forEach(e -> hadoopSettings.put(e.getKey(), e.getValue()));
    JavaRDD<PartitionScan.Result> results =
        context
            .parallelize(files, partitions)
            .mapPartitions(new PartitionScan(minSeverity, hadoopSettings))
            .cache();
    long[] counts =
        results
            .map(result -> result.counts)
            .fold(new long[PartitionScan.COUNTS.size()], ScanJob::sum);
    List<String> problems = new ArrayList<>();
    results.map(result -> result.problems).collect().forEach(problems::addAll);
    Dataset<Finding> findings =
        spark.createDataset(
            results.flatMap(result -> result.findings.iterator()).rdd(),
            Encoders.bean(Finding.class));
    findings.cache();
    long alerts = findings.count();
    findings
        .orderBy("file", "index")
        .select("document")
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .text(output + "/alerts");
    if (alerts > 0) {
      Dataset<Row> ocsf =
          spark
              .read()
              .json(findings.select("ocsf").as(Encoders.STRING()))
              // Security Lake's tables type `unmapped` as a map of strings: the alert's own
              // fields go in as one JSON string under "credwatch".
              .withColumn(
                  "unmapped",
                  functions.map(
                      functions.lit("credwatch"),
                      functions.to_json(functions.col("unmapped.credwatch"))))
              .withColumn("region", functions.col("cloud.region"))
              .withColumn("accountId", functions.col("cloud.account.uid"))
              .withColumn(
                  "eventDay",
                  functions.date_format(
                      functions.timestamp_millis(
                          functions.coalesce(
                              functions.col("finding_info.first_seen_time"),
                              functions.col("time"))),
                      "yyyyMMdd"));
      ocsf.na()
          .fill("global", new String[] {"region"})
          .na()
          .fill("unknown", new String[] {"accountId"})
          .write()
          .mode(SaveMode.Overwrite)
          .partitionBy("region", "accountId", "eventDay")
          .parquet(output + "/ocsf");
    }
    java.util.Map<String, Long> named = new java.util.LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      named.put(PartitionScan.COUNTS.get(i), counts[i]);
    }
    results.unpersist();
    findings.unpersist();
    return new Totals(
        named, alerts, List.copyOf(problems.subList(0, Math.min(20, problems.size()))));
  }

  private static long[] sum(long[] a, long[] b) {
    long[] total = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      total[i] = a[i] + b[i];
    }
    return total;
  }

  /**
   * Every file the scanner would read below each input (a file, a folder, or a glob), in name
   * order: Spark's binaryFiles does not walk folders.
   */
  static List<String> filesBelow(Configuration hadoop, List<String> inputs) {
    List<String> files = new ArrayList<>();
    try {
      for (String input : inputs) {
        Path path = new Path(input);
        FileSystem fs = path.getFileSystem(hadoop);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null) {
          continue;
        }
        for (FileStatus match : matches) {
          if (match.isFile()) {
            files.add(match.getPath().toString());
            continue;
          }
          RemoteIterator<LocatedFileStatus> below = fs.listFiles(match.getPath(), true);
          while (below.hasNext()) {
            LocatedFileStatus file = below.next();
            if (Scanner.isScannableName(file.getPath().getName())) {
              files.add(file.getPath().toString());
            }
          }
        }
      }
    } catch (IOException unreadable) {
      throw new UncheckedIOException(unreadable);
    }
    files.sort(null);
    return files;
  }

  /** The totals, as the command line prints its summary. */
  static void print(Totals totals, PrintStream err) {
    java.util.Map<String, Long> c = totals.counts();
    err.printf(
        Locale.ROOT,
        "credwatch: scanned %d files (%s): %d records, %d credential operations, %d ignored,"
            + " %d malformed; %d alerts (%d below the threshold, %d suppressed, %d duplicates);"
            + " %d unreadable files%n",
        c.getOrDefault("files", 0L),
        io.credwatch.cli.ScanSummary.humanBytes(c.getOrDefault("bytes", 0L)),
        c.getOrDefault("records", 0L),
        c.getOrDefault("relevant", 0L),
        c.getOrDefault("ignored", 0L),
        c.getOrDefault("malformed", 0L),
        totals.alerts(),
        c.getOrDefault("belowThreshold", 0L),
        c.getOrDefault("suppressed", 0L),
        c.getOrDefault("duplicates", 0L),
        c.getOrDefault("unreadable", 0L));
    totals.problems().forEach(problem -> err.println("credwatch: " + problem));
  }
}
