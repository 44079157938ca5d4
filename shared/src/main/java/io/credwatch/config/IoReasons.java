package io.credwatch.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read, in words: the JDK's file exceptions carry only the path as their
 * message ("/nope.json"), which says nothing to the person who typed it.
 */
public final class IoReasons {
  private IoReasons() {}

  public static String of(IOException error) {
    if (error instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (error instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (error instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (error instanceof FileSystemException system && system.getReason() != null) {
      return system.getReason();
    }
    return String.valueOf(error.getMessage());
  }
}
