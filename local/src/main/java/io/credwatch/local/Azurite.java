package io.credwatch.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Azurite's Table service (npm {@code azurite}, pinned in tools/package.json: {@code npm ci
 * --prefix tools}) on 127.0.0.1, in memory: the Azure function's state store in tests. One node
 * process, stopped by its PID.
 */
public final class Azurite implements AutoCloseable {
  /** The emulator's well-known account and key (documented by Microsoft; not a secret). */
  public static final String ACCOUNT = "devstoreaccount1";

  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private final ExternalProcess process;

  private Azurite(ExternalProcess process) {
    this.process = process;
  }

  /** azurite-table: CREDWATCH_AZURITE_TABLE, or tools/node_modules of this checkout. */
  public static Optional<Path> executable() {
    String configured = System.getenv("CREDWATCH_AZURITE_TABLE");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return Optional.of(Path.of(configured));
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("tools/node_modules/.bin/azurite-table");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public static Azurite start(int port, Path log) throws IOException, InterruptedException {
    Path table =
        executable()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Azurite is not installed: npm ci --prefix tools (or set"
                            + " CREDWATCH_AZURITE_TABLE)"));
    return start(table, "table", "Table", port, log);
  }

  /**
   * Azurite's Queue service alone (the {@code azurite-queue} beside {@code azurite-table}), for the
   * storage queue that brings events waiting for confirmation back.
   */
  public static Azurite startQueue(int port, Path log) throws IOException, InterruptedException {
    Path queue =
        executable()
            .map(table -> table.resolveSibling("azurite-queue"))
            .filter(Files::isExecutable)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Azurite is not installed: npm ci --prefix tools (or set"
                            + " CREDWATCH_AZURITE_TABLE beside azurite-queue)"));
    return start(queue, "queue", "Queue", port, log);
  }

  /** One Azurite service ({@code table} or {@code queue}) in memory on 127.0.0.1. */
  private static Azurite start(Path executable, String service, String name, int port, Path log)
      throws IOException, InterruptedException {
    return new Azurite(
        ExternalProcess.start(
            "Azurite (" + name + " service)",
            List.of(
                executable.toString(),
                "--" + service + "Host",
                "127.0.0.1",
                "--" + service + "Port",
                Integer.toString(port),
                "--inMemoryPersistence",
                "--skipApiVersionCheck",
                "--disableTelemetry",
                "--silent"),
            Map.of(),
            port,
            log,
            Duration.ofSeconds(30)));
  }

  /** The Queue service of the emulator's account, when started with {@link #startQueue}. */
  public URI queueEndpoint() {
    return URI.create(process.endpoint() + "/" + ACCOUNT);
  }

  /**
   * The Table service of the emulator's account: {@code http://127.0.0.1:PORT/devstoreaccount1}.
   */
  public URI tableEndpoint() {
    return URI.create(process.endpoint() + "/" + ACCOUNT);
  }

  @Override
  public void close() {
    process.close();
  }
}
