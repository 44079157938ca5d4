package io.credwatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** The scanner's input streams: byte counting, and gzip that salvages what precedes a cut. */
final class ScanStreams {
  private ScanStreams() {}

  /** Counts the bytes read through it: the size of standard input, the offset of a gzip cut. */
  /**
   * Copies what is read to a file, so that standard input can be read a second time (the first-use
   * pass). The copy holds the input as it came (compressed, if it was).
   */
  static final class SpoolingInputStream extends java.io.FilterInputStream {
    private final java.io.OutputStream copy;

    SpoolingInputStream(InputStream in, java.io.OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipped bytes must reach the copy too.
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(0, n))];
      int read = buffer.length == 0 ? 0 : read(buffer, 0, buffer.length);
      return Math.max(0, read);
    }
  }

  static final class CountingInputStream extends java.io.FilterInputStream {
    private long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    long count() {
      return count;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /**
   * A gzip stream that ends where the data does: when the file is cut short or corrupt, it returns
   * what was decompressed up to there, then the end of input, and remembers where it stopped, so
   * that the records before the cut are still read (as {@code gzip -dc} recovers them).
   */
  static final class SalvagingGzip extends InputStream {
    private final GZIPInputStream gzip;
    private final CountingInputStream compressed;
    private final long maxExpanded;
    private long expanded;
    private long cutAt = -1;
    private String problem = "";

    SalvagingGzip(InputStream in, CountingInputStream compressed, long maxExpanded)
        throws IOException {
      this.gzip = new GZIPInputStream(in, 1 << 16);
      this.compressed = compressed;
      this.maxExpanded = maxExpanded;
    }

    long cutAt() {
      return cutAt;
    }

    String problem() {
      return problem;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (cutAt >= 0) {
        return -1;
      }
      try {
        int read = gzip.read(b, off, (int) Math.min(len, maxExpanded - expanded + 1));
        if (read > 0) {
          expanded += read;
          if (expanded > maxExpanded) {
            problem =
                "expands past "
                    + (maxExpanded >> 20)
                    + " MiB (--max-expanded-mb), as a gzip bomb would: reading stopped";
            cutAt = compressed.count();
            return -1;
          }
        }
        return read;
      } catch (java.io.EOFException cut) {
        problem = "ends early (the file is cut short)";
      } catch (java.util.zip.ZipException corrupt) {
        problem = "is corrupt (" + corrupt.getMessage() + ")";
      }
      cutAt = compressed.count();
      return -1;
    }

    @Override
    public void close() throws IOException {
      gzip.close();
    }
  }
}
