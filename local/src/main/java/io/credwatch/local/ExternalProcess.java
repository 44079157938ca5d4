package io.credwatch.local;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real component run as its own process (moto_server, the Pub/Sub emulator): started to listen on
 * 127.0.0.1, ready once its port accepts a connection, stopped by its PID (and its children's).
 */
public final class ExternalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ExternalProcess(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code command} and waits until it listens on {@code port} of 127.0.0.1.
   *
   * @param log where the process's output goes
   * @throws IllegalStateException when the port is taken, or the process exits or stays silent
   */
  public static ExternalProcess start(
      String name,
      List<String> command,
      Map<String, String> environment,
      int port,
      Path log,
      Duration timeout)
      throws IOException, InterruptedException {
    if (listening(port)) {
      throw new IllegalStateException(
          "cannot start "
              + name
              + ": port "
              + port
              + " on 127.0.0.1 is already in use (is another local cloud running?)");
    }
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    ExternalProcess started = new ExternalProcess(name, process, port, log);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!listening(port)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with status " + process.exitValue() + " (its output: " + log + ")");
      }
      if (System.nanoTime() > deadline) {
        started.close();
        throw new IllegalStateException(
            name
                + " did not listen on 127.0.0.1:"
                + port
                + " within "
                + timeout.toSeconds()
                + " s");
      }
      Thread.sleep(100);
    }
    // A port found free can be taken before the process binds it (an outgoing connection's
    // ephemeral port): some emulators then listen on only part of what they serve.
    if (Files.isRegularFile(log)
        && Files.readString(log, java.nio.charset.StandardCharsets.UTF_8)
            .contains("Address already in use")) {
      started.close();
      throw new PortTaken(name + " could not bind all of 127.0.0.1:" + port + " (see " + log + ")");
    }
    return started;
  }

  /** The port was taken between being found free and being bound. */
  public static final class PortTaken extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message);
    }
  }

  /** Starts a process on a port of its own. */
  @FunctionalInterface
  public interface OnPort<T> {
    T start(int port) throws IOException, InterruptedException;
  }

  /** Starts on a free port, and on another one (three tries) when that port was taken meanwhile. */
  public static <T> T onFreePort(OnPort<T> start) throws IOException, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return start.start(freePort());
      } catch (PortTaken taken) {
        if (attempt == 3) {
          throw taken;
        }
      }
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    // A launcher may have started the real server as its child: stop both, by PID.
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** True when something accepts connections on that port of 127.0.0.1. */
  public static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** A port of 127.0.0.1 that nothing listens on now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** An executable of that name on the PATH. */
  public static Optional<Path> onPath(String executable) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File candidate = new File(dir, executable);
      if (candidate.isFile() && candidate.canExecute()) {
        return Optional.of(candidate.toPath());
      }
    }
    return Optional.empty();
  }
}
