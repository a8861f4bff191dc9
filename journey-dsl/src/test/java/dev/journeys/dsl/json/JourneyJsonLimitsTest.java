package dev.journeys.dsl.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.journeys.dsl.json.JourneyJsonErrorTest.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each limit of the format is reached without failing, and exceeded with a message naming it. */
class JourneyJsonLimitsTest {

    /** The base document padded with spaces to a length. */
    private static String padded(int length) {
        return BASE + " ".repeat(length - BASE.length());
    }

    @Test
    void documentOfTheMaximumLengthReads() {
        assertThat(JourneyJson.read(padded(JourneyJson.MAX_DOCUMENT_LENGTH)).id()).isEqualTo("j");
        assertThat(JourneyJson.read(new ByteArrayInputStream(padded(JourneyJson.MAX_DOCUMENT_LENGTH)
                .getBytes(StandardCharsets.UTF_8))).id()).isEqualTo("j");
    }

    @Test
    void longerDocumentIsRefusedBeforeItIsParsed(@TempDir Path dir) throws Exception {
        String tooLong = padded(JourneyJson.MAX_DOCUMENT_LENGTH + 1);
        Path file = dir.resolve("big.json");
        Files.writeString(file, tooLong);

        assertThatThrownBy(() -> JourneyJson.read(tooLong)).isInstanceOf(JourneyJsonException.class)
                .hasMessage("$: the document is 4194305 characters long, more than the limit of 4194304 characters");
        assertThatThrownBy(() -> JourneyJson.read(file)).isInstanceOf(JourneyJsonException.class)
                .hasMessage("$: the document is 4194305 bytes long, more than the limit of 4194304 bytes");
        assertThatThrownBy(() -> JourneyJson.read(new ByteArrayInputStream(tooLong.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$: the document is longer than the limit of 4194304 bytes");
        assertThatThrownBy(() -> JourneyJson.read(new StringReader(tooLong))).isInstanceOf(JourneyJsonException.class)
                .hasMessage("$: the document is longer than the limit of 4194304 characters");
    }

    /** The base document with its entry filter wrapped in nots. */
    private static String nested(int nots) {
        String filter = "{\"kind\": \"attribute\", \"name\": \"tier\", \"operator\": \"==\", \"value\": \"gold\"}";
        return BASE.replace(filter, "{\"kind\": \"not\", \"condition\": ".repeat(nots) + filter + "}".repeat(nots));
    }

    @Test
    void nestingIsLimitedTo64Levels() {
        // The filter is at depth 4 ($, entry, trigger, where); each not adds one.
        assertThat(JourneyJson.read(nested(60)).id()).isEqualTo("j");
        assertThatThrownBy(() -> JourneyJson.read(nested(61)))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.entry.trigger.where" + ".condition".repeat(61)
                        + ": nested deeper than the limit of 64 levels");
        assertThatThrownBy(() -> JourneyJson.read("[".repeat(100)))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$" + "[0]".repeat(64) + ": nested deeper than the limit of 64 levels");
    }

    @Test
    void stringsAreLimitedTo64KiCharacters() {
        String longest = "m".repeat(JourneyJson.MAX_STRING_LENGTH);

        assertThat(JourneyJson.read(BASE.replace("\"hi\"", "\"" + longest + "\"")).steps().get(0))
                .hasFieldOrPropertyWithValue("message", longest);
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"hi\"", "\"" + longest + "m\"")))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.steps[0].message: a string is longer than the limit of 65536 characters");
    }

    @Test
    void fieldNamesAreLimitedTo1024Characters() {
        String longest = "n".repeat(JourneyJson.MAX_NAME_LENGTH);

        assertThat(JourneyJson.read(BASE.replace("due date", longest)).id()).isEqualTo("j");
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("due date", longest + "n")))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.steps[2].parameters: a field name is longer than the limit of 1024 characters");
        // After another field, the error still names the object, not the field before.
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"due date\": \"soon\"",
                "\"due date\": \"soon\", \"" + longest + "n\": 1")))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.steps[2].parameters: a field name is longer than the limit of 1024 characters");
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"name\": \"J\"", "\"name\": \"J\", \"" + longest
                + "n\": 1")))
                .hasMessage("$: a field name is longer than the limit of 1024 characters");
    }

    @Test
    void numbersAreLimitedTo32Digits() {
        String longest = "0." + "1".repeat(JourneyJson.MAX_NUMBER_LENGTH);

        assertThat(JourneyJson.read(BASE.replace("\"soon\"", longest)).id()).isEqualTo("j");
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"soon\"", longest + "1")))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.steps[2].parameters['due date']: a number has more digits than the limit of 32");
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"soon\"", "1".repeat(33))))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.steps[2].parameters['due date']: a number has more digits than the limit of 32");
        // Longer than a string may be: still the number's limit, at the number's path.
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"soon\"", "1".repeat(100_001))))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage("$.steps[2].parameters['due date']: a number has more digits than the limit of 32");
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"soon\"", "-0." + "1".repeat(100_001))))
                .hasMessage("$.steps[2].parameters['due date']: a number has more digits than the limit of 32");
        assertThatThrownBy(() -> JourneyJson.read(new java.io.ByteArrayInputStream(BASE.replace("\"soon\"",
                "[1, " + "1".repeat(100_001) + "]").getBytes(StandardCharsets.UTF_8))))
                .hasMessageEndingWith(": a number has more digits than the limit of 32");
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"soon\"", "\"" + "1".repeat(100_001) + "\"")))
                .hasMessage("$.steps[2].parameters['due date']: a string is longer than the limit of 65536 characters");
    }

    @Test
    void tokensAreLimitedTo500000() {
        String many = "[" + "1,".repeat(JourneyJson.MAX_TOKEN_COUNT) + "1]";

        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"soon\"", many)))
                .isInstanceOfSatisfying(JourneyJsonException.class, e -> {
                    assertThat(e.problem()).isEqualTo("the document has more than the limit of 500000 tokens");
                    assertThat(e.path()).startsWith("$.steps[2].parameters['due date'][");
                });
    }
}
