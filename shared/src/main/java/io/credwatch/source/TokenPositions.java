package io.credwatch.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.base.ParserBase;
import java.io.IOException;

/**
 * Offsets and lines of the current token, relative to where its parser started, without the
 * JsonLocation the public accessors allocate: on every record of a firehose that allocation shows.
 * For structural tokens Jackson's token offset is just past the brace.
 */
final class TokenPositions {
  private TokenPositions() {}

  static int tokenStart(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructStart()) {
      return (int) base.getTokenCharacterOffset() - 1;
    }
    return (int) parser.currentTokenLocation().getByteOffset();
  }

  static int tokenLine(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructStart()) {
      return base.getTokenLineNr();
    }
    return parser.currentTokenLocation().getLineNr();
  }

  static int valueEnd(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructEnd()) {
      return (int) base.getTokenCharacterOffset();
    }
    return (int) parser.currentLocation().getByteOffset();
  }

  static int endLine(JsonParser parser) {
    if (parser instanceof ParserBase base && parser.currentToken().isStructEnd()) {
      return base.getTokenLineNr();
    }
    return parser.currentLocation().getLineNr();
  }

  static int errorLine(IOException error) {
    if (error instanceof JsonProcessingException json && json.getLocation() != null) {
      return Math.max(1, json.getLocation().getLineNr());
    }
    return 1;
  }
}
