package dev.journeys.dsl.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Reads a JSON document into a tree within the limits of the format ({@link JourneyJson}): the
 * size is checked before parsing, the other limits by the parser; a duplicate field, content after
 * the document's end, and any malformed JSON are refused. Every failure is a
 * {@link JourneyJsonException} naming where the parser was. Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class JsonInput {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxDocumentLength(JourneyJson.MAX_DOCUMENT_LENGTH)
                    .maxNestingDepth(JourneyJson.MAX_NESTING_DEPTH)
                    .maxStringLength(JourneyJson.MAX_STRING_LENGTH)
                    .maxNameLength(JourneyJson.MAX_NAME_LENGTH)
                    .maxNumberLength(JourneyJson.MAX_NUMBER_LENGTH)
                    .maxTokenCount(JourneyJson.MAX_TOKEN_COUNT)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectReader READER = JsonMapper.builder(FACTORY).build().reader();

    private JsonInput() {
    }

    /** Parses a document held as text. */
    static JsonNode parse(String text) {
        if (text.length() > JourneyJson.MAX_DOCUMENT_LENGTH) {
            throw tooLong(text.length(), "characters");
        }
        try {
            return parse(FACTORY.createParser(text));
        } catch (IOException cannotStart) {
            throw malformed(null, cannotStart);
        }
    }

    /** Parses a document held as bytes, in UTF-8, UTF-16 or UTF-32. */
    static JsonNode parse(byte[] bytes) {
        if (bytes.length > JourneyJson.MAX_DOCUMENT_LENGTH) {
            throw tooLong(bytes.length, "bytes");
        }
        try {
            return parse(FACTORY.createParser(bytes));
        } catch (IOException cannotStart) {
            throw malformed(null, cannotStart);
        }
    }

    /** Reads and parses a stream, which it does not close. */
    static JsonNode parse(InputStream in) {
        try {
            byte[] bytes = in.readNBytes(JourneyJson.MAX_DOCUMENT_LENGTH + 1);
            if (bytes.length > JourneyJson.MAX_DOCUMENT_LENGTH) {
                throw tooLong(-1, "bytes");
            }
            return parse(bytes);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot read the JSON document", failed);
        }
    }

    /** Reads and parses characters, which it does not close. */
    static JsonNode parse(Reader in) {
        char[] buffer = new char[8192];
        int length = 0;
        try {
            for (int read; (read = in.read(buffer, length, buffer.length - length)) >= 0; ) {
                length += read;
                if (length > JourneyJson.MAX_DOCUMENT_LENGTH) {
                    throw tooLong(-1, "characters");
                }
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, JourneyJson.MAX_DOCUMENT_LENGTH + 1));
                }
            }
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot read the JSON document", failed);
        }
        return parse(new String(buffer, 0, length));
    }

    /** Reads and parses a file, after checking its size. */
    static JsonNode parse(Path file) {
        try {
            long size = Files.size(file);
            if (size > JourneyJson.MAX_DOCUMENT_LENGTH) {
                throw tooLong(size, "bytes");
            }
            return parse(Files.readAllBytes(file));
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot read the JSON document " + file, failed);
        }
    }

    private static JsonNode parse(JsonParser parser) {
        try (parser) {
            JsonNode document;
            try {
                document = READER.readTree(parser);
            } catch (StreamConstraintsException limit) {
                throw malformed(parser, limit); // while the parser still knows its current token
            }
            if (document == null || document.isMissingNode()) {
                throw new JourneyJsonException(JsonPath.ROOT.text(), "the document is empty; expected a JSON object");
            }
            if (parser.nextToken() != null) {
                throw new JourneyJsonException(JsonPath.ROOT.text(), "malformed JSON" + at(parser.currentLocation())
                        + ": more content after the end of the document");
            }
            return document;
        } catch (IOException failed) {
            throw malformed(parser, failed);
        }
    }

    /** Returns the failure for a document of a length (negative if not known) over the limit. */
    private static JourneyJsonException tooLong(long length, String unit) {
        String limit = "the limit of " + JourneyJson.MAX_DOCUMENT_LENGTH + " " + unit;
        return new JourneyJsonException(JsonPath.ROOT.text(), length < 0 ? "the document is longer than " + limit
                : "the document is " + length + " " + unit + " long, more than " + limit);
    }

    private static JourneyJsonException malformed(JsonParser parser, Exception failure) {
        if (failure instanceof StreamConstraintsException limit) {
            String message = String.valueOf(limit.getOriginalMessage());
            // A name over the limit is read before it becomes the object's current name: name the object.
            boolean name = message.startsWith("Name length");
            String at = parser == null ? JsonPath.ROOT.text() : path(parser.getParsingContext(), !name);
            // Jackson reads a number eagerly and a string on demand, so a string is the current token
            // when its length fails, and a number's digits overflowing the text buffer are not.
            boolean number = message.startsWith("String value length") && parser != null
                    && parser.currentToken() != JsonToken.VALUE_STRING;
            return new JourneyJsonException(at, number ? numberTooLong() : limit(message), failure);
        }
        String path = parser == null ? JsonPath.ROOT.text() : path(parser.getParsingContext(), true);
        JsonLocation location = failure instanceof JacksonException jackson ? jackson.getLocation() : null;
        String what = failure instanceof JsonEOFException ? "the document ends before it is complete"
                : failure instanceof JacksonException jackson ? firstLine(jackson.getOriginalMessage())
                : firstLine(failure.getMessage());
        return new JourneyJsonException(path, "malformed JSON" + at(location) + ": " + what, failure);
    }

    /** Names the limit that Jackson reports as exceeded, in the words of the format. */
    private static String limit(String message) {
        String text = String.valueOf(message);
        if (text.startsWith("Document nesting depth")) {
            return "nested deeper than the limit of " + JourneyJson.MAX_NESTING_DEPTH + " levels";
        }
        if (text.startsWith("String value length")) {
            return "a string is longer than the limit of " + JourneyJson.MAX_STRING_LENGTH + " characters";
        }
        if (text.startsWith("Name length")) {
            return "a field name is longer than the limit of " + JourneyJson.MAX_NAME_LENGTH + " characters";
        }
        if (text.startsWith("Number value length")) {
            return numberTooLong();
        }
        if (text.startsWith("Token count")) {
            return "the document has more than the limit of " + JourneyJson.MAX_TOKEN_COUNT + " tokens";
        }
        if (text.startsWith("Document length")) {
            return "the document is longer than the limit of " + JourneyJson.MAX_DOCUMENT_LENGTH + " bytes";
        }
        return "exceeds a limit of the JSON format: " + text;
    }

    private static String numberTooLong() {
        return "a number has more digits than the limit of " + JourneyJson.MAX_NUMBER_LENGTH;
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /**
     * Returns the path of where the parser was, in the notation of {@link JsonPath}; without the
     * innermost object's current field name unless {@code withName}.
     */
    private static String path(JsonStreamContext context, boolean withName) {
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        JsonPath path = JsonPath.ROOT;
        for (JsonStreamContext c : chain) {
            if (c.inObject() && c.getCurrentName() != null && (withName || c != context)) {
                path = path.field(c.getCurrentName());
            } else if (c.inArray() && c.hasCurrentIndex()) {
                path = path.index(c.getCurrentIndex());
            }
        }
        return path.text();
    }
}
