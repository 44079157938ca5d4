package io.credwatch.source;

/** A record field holds the wrong JSON type; the record is reported as malformed. */
final class WrongTypeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WrongTypeException(String path, String expected, String actual) {
    super("field " + path + " should be " + expected + " but is " + actual);
  }
}
