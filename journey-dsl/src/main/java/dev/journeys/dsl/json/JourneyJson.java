package dev.journeys.dsl.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.InvalidSegmentException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.Segments;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Saves journeys and segments as JSON and loads them back: the readable, versioned file format of
 * Journey Engine.
 *
 * <pre>{@code
 * String json = JourneyJson.write(journey);               // pretty-printed, fields in a fixed order
 * JourneyDefinition same = JourneyJson.read(json);         // equals(journey)
 * JourneyJson.write(journey, Path.of("brew-better.json"));
 * JourneyDefinition loaded = JourneyJson.read(Path.of("brew-better.json"));
 *
 * Segments segments = JourneyJson.readSegments(Path.of("segments.json"));
 * }</pre>
 *
 * <p>A journey document looks like this (the schema,
 * {@code dev/journeys/dsl/json/journey.schema.json} on the class path, describes every field):
 * <pre>{@code
 * {
 *   "format": "journey-engine/1",
 *   "id": "brew-better-at-home",
 *   "version": 1,
 *   "name": "Brew Better at Home",
 *   "entry": {"kind": "event", "trigger": {"event": "form.submitted"}},
 *   "startStep": "guide",
 *   "steps": [
 *     {"kind": "send", "id": "guide", "message": "french-press-guide",
 *      "channel": {"kind": "fixed", "channel": "email"}, "next": "two-days"},
 *     {"kind": "wait", "id": "two-days", "delay": {"kind": "duration", "duration": "P2D"}}
 *   ],
 *   "exitTriggers": [{"event": "purchase.completed"}]
 * }
 * }</pre>
 *
 * <p>The format: every step, condition, entry, delay, channel choice and recurrence is an object
 * with a {@code kind}; durations are ISO-8601 ({@code PT48H}, {@code P7D}, a day being 24 hours),
 * instants ISO-8601 in UTC, times of day {@code HH:mm[:ss]}, zones their ids, enum values in lower
 * camel case ({@code afterExit}). A field whose value is the default, or absent, is left out when
 * written and may be left out by hand; nulls are not allowed. Values of attributes (action
 * parameters, the values conditions compare with) keep their Java type: strings, booleans,
 * integers ({@code Integer}, or {@code Long} beyond), numbers with a fraction ({@code Double}),
 * arrays ({@code List}), and the tagged {@code {"instant": "..."}}, {@code {"long": 42}} and
 * {@code {"decimal": "19.90"}}.
 *
 * <p>Reading is strict. A document that is not in format {@value #FORMAT}, is malformed, has an
 * unknown field (a misspelt one), a value of the wrong type, or a value the model refuses (a cap of
 * zero sends) fails with a {@link JourneyJsonException} whose message is the JSON path and what
 * was expected there:
 * <pre>{@code
 * $.steps[1].delay.duration: expected a string with an ISO-8601 duration such as PT48H, got 12
 * }</pre>
 * A journey that reads but does not pass {@link JourneyValidator} (a dangling next step, a branch
 * without otherwise) fails with {@link InvalidJourneyException} listing every problem, as the
 * DSL's {@code build()} does; segments that do not check fail with {@link InvalidSegmentException}.
 *
 * <p>Limits, far below the JSON parser's own, so that a hostile document costs little: a document
 * of at most {@value #MAX_DOCUMENT_LENGTH} bytes (characters, when read from text), nested at most
 * {@value #MAX_NESTING_DEPTH} levels, strings of at most {@value #MAX_STRING_LENGTH} characters,
 * field names of at most {@value #MAX_NAME_LENGTH}, numbers of at most {@value #MAX_NUMBER_LENGTH}
 * digits (decimals of at most as many characters), at most {@value #MAX_TOKEN_COUNT} tokens in
 * all, and regular expressions of at most 1000 characters. Exceeding one fails with a
 * {@link JourneyJsonException} naming the limit. The writer refuses to nest deeper than the
 * reader accepts.
 *
 * <p>A journey with a {@link dev.journeys.core.Condition.Custom} condition cannot be written:
 * it is Java code, not data.
 *
 * <p>Not instantiable; every method is thread-safe.
 */
public final class JourneyJson {

    /** The version of the format this library writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code format} every document starts with. */
    public static final String FORMAT = "journey-engine/1";
    /** The most bytes a document may have (characters, when it is read from text): 4 MiB. */
    public static final int MAX_DOCUMENT_LENGTH = 4 * 1024 * 1024;
    /** The deepest objects and arrays may nest, the document's root object being at depth 1. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** The most characters a string value may have: 64 Ki. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    /** The most characters a field name may have. */
    public static final int MAX_NAME_LENGTH = 1024;
    /** The most digits a number may have, and the most characters the text of a {@code decimal} may have. */
    public static final int MAX_NUMBER_LENGTH = 32;
    /** The most tokens (values, field names, brackets) a document may have. */
    public static final int MAX_TOKEN_COUNT = 500_000;

    private static final ObjectWriter WRITER = JsonMapper.builder().build().writer(prettyPrinter());

    private JourneyJson() {
    }

    private static DefaultPrettyPrinter prettyPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        return new DefaultPrettyPrinter(separators).withObjectIndenter(indenter).withArrayIndenter(indenter);
    }

    /**
     * Returns the JSON document of a journey, pretty-printed with two-space indents and
     * {@code \n} line ends, with fields in a fixed order; the same journey always gives the same
     * text.
     *
     * @param journey the journey
     * @return the document, without a final line end
     * @throws JourneyJsonException if the journey holds what JSON cannot: a
     *     {@link dev.journeys.core.Condition.Custom} condition, a number that is not finite, or
     *     conditions nested deeper than {@value #MAX_NESTING_DEPTH} levels
     */
    public static String write(JourneyDefinition journey) {
        Objects.requireNonNull(journey, "journey");
        return print(DocumentJson.writeJourney(journey));
    }

    /**
     * Writes the JSON document of a journey to a file, in UTF-8, with a final line end.
     *
     * @param journey the journey
     * @param file where to write; replaced if it exists
     * @throws JourneyJsonException if the journey holds what JSON cannot, as {@link #write(JourneyDefinition)}
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void write(JourneyDefinition journey, Path file) {
        writeFile(write(journey), file);
    }

    /**
     * Reads a journey from its JSON document and validates it.
     *
     * @param json the document
     * @return the journey
     * @throws JourneyJsonException if the document is malformed, exceeds a limit, or does not
     *     describe a journey, naming the JSON path of the first problem
     * @throws InvalidJourneyException if {@link JourneyValidator} finds errors in the journey,
     *     listing every one (warnings do not stop it)
     */
    public static JourneyDefinition read(String json) {
        return validated(DocumentJson.readJourney(JsonInput.parse(Objects.requireNonNull(json, "json"))));
    }

    /**
     * Reads a journey from its JSON document without validating it, for a draft that may still
     * have problems: give it to {@code JourneyEngine.saveDraft}, which lists them. The document
     * itself must still be well-formed and describe a journey.
     *
     * <pre>{@code
     * List<ValidationProblem> problems = engine.saveDraft(JourneyJson.readDraft(json));
     * }</pre>
     *
     * @param json the document
     * @return the journey, valid or not
     * @throws JourneyJsonException if the document is malformed, exceeds a limit, or does not
     *     describe a journey, naming the JSON path of the first problem
     */
    public static JourneyDefinition readDraft(String json) {
        return DocumentJson.readJourney(JsonInput.parse(Objects.requireNonNull(json, "json")));
    }

    /**
     * Reads a journey from characters and validates it; see {@link #read(String)}.
     *
     * @param json the characters, read to their end but not closed
     * @return the journey
     * @throws UncheckedIOException if reading fails
     */
    public static JourneyDefinition read(Reader json) {
        return validated(DocumentJson.readJourney(JsonInput.parse(Objects.requireNonNull(json, "json"))));
    }

    /**
     * Reads a journey from bytes (UTF-8, or UTF-16 or UTF-32 with their byte order) and validates
     * it; see {@link #read(String)}.
     *
     * @param json the bytes, read to their end but not closed
     * @return the journey
     * @throws UncheckedIOException if reading fails
     */
    public static JourneyDefinition read(InputStream json) {
        return validated(DocumentJson.readJourney(JsonInput.parse(Objects.requireNonNull(json, "json"))));
    }

    /**
     * Reads a journey from a file and validates it; see {@link #read(String)}. A file larger than
     * {@value #MAX_DOCUMENT_LENGTH} bytes is refused before it is read.
     *
     * @param file the file
     * @return the journey
     * @throws UncheckedIOException if the file cannot be read
     */
    public static JourneyDefinition read(Path file) {
        return validated(DocumentJson.readJourney(JsonInput.parse(Objects.requireNonNull(file, "file"))));
    }

    /**
     * Returns the JSON document of segments and the declared attribute types, printed as
     * {@link #write(JourneyDefinition)} prints; attribute types in the order of their names.
     *
     * @param segments the segments
     * @return the document, without a final line end
     * @throws JourneyJsonException if a segment holds what JSON cannot, as {@link #write(JourneyDefinition)}
     */
    public static String writeSegments(Segments segments) {
        Objects.requireNonNull(segments, "segments");
        return print(DocumentJson.writeSegments(segments));
    }

    /**
     * Writes the JSON document of segments to a file, in UTF-8, with a final line end.
     *
     * @param segments the segments
     * @param file where to write; replaced if it exists
     * @throws UncheckedIOException if the file cannot be written
     */
    public static void writeSegments(Segments segments, Path file) {
        writeFile(writeSegments(segments), file);
    }

    /**
     * Reads segments and attribute types from their JSON document and checks them together.
     *
     * @param json the document
     * @return the segments
     * @throws JourneyJsonException if the document is malformed, exceeds a limit, or does not
     *     describe segments, naming the JSON path of the first problem
     * @throws InvalidSegmentException if the segments do not check ({@link Segments.Builder#build()}),
     *     listing every problem
     */
    public static Segments readSegments(String json) {
        return DocumentJson.readSegments(JsonInput.parse(Objects.requireNonNull(json, "json")));
    }

    /**
     * Reads segments from characters; see {@link #readSegments(String)}.
     *
     * @param json the characters, read to their end but not closed
     * @return the segments
     * @throws UncheckedIOException if reading fails
     */
    public static Segments readSegments(Reader json) {
        return DocumentJson.readSegments(JsonInput.parse(Objects.requireNonNull(json, "json")));
    }

    /**
     * Reads segments from bytes; see {@link #readSegments(String)}.
     *
     * @param json the bytes, read to their end but not closed
     * @return the segments
     * @throws UncheckedIOException if reading fails
     */
    public static Segments readSegments(InputStream json) {
        return DocumentJson.readSegments(JsonInput.parse(Objects.requireNonNull(json, "json")));
    }

    /**
     * Reads segments from a file; see {@link #readSegments(String)}.
     *
     * @param file the file
     * @return the segments
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Segments readSegments(Path file) {
        return DocumentJson.readSegments(JsonInput.parse(Objects.requireNonNull(file, "file")));
    }

    /** Checks a journey as the DSL's {@code build()} does: errors fail, warnings do not. */
    private static JourneyDefinition validated(JourneyDefinition journey) {
        return JourneyValidator.requireValid(journey);
    }

    private static String print(JsonNode document) {
        try {
            return WRITER.writeValueAsString(document);
        } catch (JsonProcessingException impossible) {
            // A tree of plain nodes always prints.
            throw new IllegalStateException("cannot print a JSON tree", impossible);
        }
    }

    private static void writeFile(String document, Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Files.writeString(file, document + "\n", StandardCharsets.UTF_8);
        } catch (IOException failed) {
            throw new UncheckedIOException("cannot write " + file, failed);
        }
    }
}
