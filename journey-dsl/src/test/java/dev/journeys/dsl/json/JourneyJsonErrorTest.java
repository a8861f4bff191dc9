package dev.journeys.dsl.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Malformed documents fail with one exception whose message names the path and what was expected. */
class JourneyJsonErrorTest {

    /** A valid journey: a send, then a wait. */
    static final String BASE = """
            {"format": "journey-engine/1", "id": "j", "version": 1, "name": "J",
             "entry": {"kind": "event", "trigger": {"event": "go", "where": \
            {"kind": "attribute", "name": "tier", "operator": "==", "value": "gold"}}},
             "startStep": "hello",
             "steps": [
              {"kind": "send", "id": "hello", "message": "hi", "channel": {"kind": "fixed", "channel": "email"}, \
            "next": "wait"},
              {"kind": "wait", "id": "wait", "delay": {"kind": "duration", "duration": "P2D"}, "next": "act"},
              {"kind": "action", "id": "act", "action": "record", "parameters": {"due date": "soon"}}],
             "policies": {"reentry": {"mode": "never"}, "caps": [{"maxSends": 1, "window": "P1D"}]}}
            """;

    /** The same journey entered from a segment on a cron schedule. */
    static final String SEGMENT = BASE.replace("{\"kind\": \"event\", \"trigger\": {\"event\": \"go\", \"where\": "
            + "{\"kind\": \"attribute\", \"name\": \"tier\", \"operator\": \"==\", \"value\": \"gold\"}}}",
            "{\"kind\": \"segment\", \"segment\": \"fans\", \"schedule\": {\"start\": \"2026-04-01T14:00:00Z\", "
                    + "\"recurrence\": {\"kind\": \"cron\", \"expression\": \"0 9 * * MON\", \"zone\": \"UTC\"}}}");

    private static final String STEP_KINDS = "send, wait, waitForEvent, branch, split, action, goal, exit";

    @Test
    void theBaseDocumentsAreValid() {
        assertThat(JourneyJson.read(BASE).steps()).hasSize(3);
        assertThat(JourneyJson.read(SEGMENT).steps()).hasSize(3);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments(BASE.replace("\"P2D\"", "12"),
                        "$.steps[1].delay.duration: expected a string with an ISO-8601 duration such as PT48H, got 12"),
                arguments(BASE.replace("\"P2D\"", "\"2 days\""),
                        "$.steps[1].delay.duration: expected a string with an ISO-8601 duration such as PT48H, "
                                + "got \"2 days\""),
                arguments(BASE.replace("\"next\": \"wait\"", "\"nxt\": \"wait\""),
                        "$.steps[0].nxt: unknown field 'nxt' (did you mean 'next'?); expected one of kind, id, message, "
                                + "channel, variants, "
                                + "category, purpose, fields, next"),
                arguments(BASE.replace("\"kind\": \"send\"", "\"kind\": \"sned\""),
                        "$.steps[0].kind: expected one of " + STEP_KINDS + ", got \"sned\" (did you mean 'send'?)"),
                arguments(BASE.replace("\"kind\": \"wait\", ", ""),
                        "$.steps[1]: missing field 'kind'; expected one of " + STEP_KINDS),
                arguments(BASE.replace("\"steps\": [", "\"steps\": [1, "),
                        "$.steps[0]: expected an object with a \"kind\" (one of " + STEP_KINDS + "), got 1"),
                arguments(BASE.replace("\"message\": \"hi\", ", ""),
                        "$.steps[0]: missing field 'message'"),
                arguments(BASE.replace("\"next\": \"wait\"", "\"next\": 12"),
                        "$.steps[0].next: expected a string, got 12"),
                arguments(BASE.replace("\"next\": \"wait\"", "\"next\": null"),
                        "$.steps[0].next: expected a string, got null"),
                arguments(BASE.replace("\"version\": 1", "\"version\": \"1\""),
                        "$.version: expected an integer between -2147483648 and 2147483647, got \"1\""),
                arguments(BASE.replace("\"version\": 1", "\"version\": 0"),
                        "$: version of journey 'j' must be at least 1, was 0"),
                arguments(BASE.replace("\"id\": \"hello\"", "\"id\": \"say hello\""),
                        "$.steps[0]: step id must start with a letter or digit and hold no white space and no ':', "
                                + "was 'say hello'"),
                arguments(BASE.replace("\"operator\": \"==\"", "\"operator\": \"=\""),
                        "$.entry.trigger.where.operator: expected one of ==, !=, >, >=, <, <=, in, contains, exists, "
                                + "matches, got \"=\""),
                arguments(BASE.replace("\"value\": \"gold\"", "\"value\": null"),
                        "$.entry.trigger.where.value: expected a string, a number, true or false, an array of these, "
                                + "or one of {\"instant\": \"2026-04-01T14:00:00Z\"}, {\"long\": 42}, "
                                + "{\"decimal\": \"19.90\"}, got null"),
                arguments(BASE.replace("\"operator\": \"==\", \"value\": \"gold\"", "\"operator\": \"in\", \"value\": \"gold\""),
                        "$.entry.trigger.where.value: operator in needs an array of the values it accepts, got gold"),
                arguments(BASE.replace("\"operator\": \"==\", \"value\": \"gold\"",
                                "\"operator\": \"matches\", \"value\": \"[gold\""),
                        "$.entry.trigger.where.value: '[gold' is not a regular expression RE2 can run: missing "
                                + "closing ]"),
                arguments(BASE.replace("\"operator\": \"==\", \"value\": \"gold\"",
                                "\"operator\": \"matches\", \"value\": \"(a+)+\\\\1b\""),
                        "$.entry.trigger.where.value: '(a+)+\\1b' is not a regular expression RE2 can run: invalid "
                                + "escape sequence (back-references such as \\1 are not supported)"),
                arguments(BASE.replace("\"operator\": \"==\", \"value\": \"gold\"", "\"operator\": \">\""),
                        "$.entry.trigger.where: missing field 'value'; only operator exists may leave it out"),
                arguments(BASE.replace("\"value\": \"gold\"", "\"value\": 99999999999999999999"),
                        "$.entry.trigger.where.value: expected a number within the range of a long (write a larger "
                                + "one as {\"decimal\": \"...\"}), got 99999999999999999999"),
                arguments(BASE.replace("\"value\": \"gold\"", "\"value\": {\"instant\": \"2026-04-01T14:00:00Z\", "
                                + "\"long\": 1}"),
                        "$.entry.trigger.where.value: expected an object with exactly one of the fields instant, long, "
                                + "decimal, got an object"),
                arguments(BASE.replace("\"value\": \"gold\"", "\"value\": {\"decimal\": \"1,5\"}"),
                        "$.entry.trigger.where.value.decimal: expected a string with a decimal number such as 19.90 "
                                + "or 1.5E+3, at most 32 characters, with a scale within -1000..1000, got \"1,5\""),
                arguments(BASE.replace("\"soon\"", "{\"instant\": \"tomorrow\"}"),
                        "$.steps[2].parameters['due date'].instant: expected a string with an ISO-8601 instant such "
                                + "as 2026-04-01T14:00:00Z, got \"tomorrow\""),
                arguments(BASE.replace("\"maxSends\": 1", "\"maxSends\": 0"),
                        "$.policies.caps[0]: frequency cap must allow at least 1 send, was 0"),
                arguments(BASE.replace("\"mode\": \"never\"", "\"mode\": \"sometimes\""),
                        "$.policies.reentry.mode: expected one of never, afterExit, always, got \"sometimes\""),
                arguments(BASE.replace("\"mode\": \"never\"", "\"mode\": \"afterexit\""),
                        "$.policies.reentry.mode: expected one of never, afterExit, always, got \"afterexit\" "
                                + "(did you mean 'afterExit'?)"),
                arguments(BASE.replace("\"startStep\"", "\"start\""),
                        "$.start: unknown field 'start'; expected one of format, id, version, name, entry, startStep, "
                                + "steps, exitTriggers, goal, policies"),
                arguments(BASE.replace("\"policies\"", "\"polices\""),
                        "$.polices: unknown field 'polices' (did you mean 'policies'?); expected one of format, id, "
                                + "version, name, entry, startStep, steps, exitTriggers, goal, policies"),
                arguments(BASE.replace("[{\"maxSends\": 1, \"window\": \"P1D\"}]", "{\"maxSends\": 1, \"window\": \"P1D\"}"),
                        "$.policies.caps: expected an array, got an object"),
                arguments(SEGMENT.replace("2026-04-01T14:00:00Z", "yesterday"),
                        "$.entry.schedule.start: expected a string with an ISO-8601 instant such as "
                                + "2026-04-01T14:00:00Z, got \"yesterday\""),
                arguments(SEGMENT.replace("0 9 * * MON", "0 9 * *"),
                        "$.entry.schedule.recurrence.expression: cron expression '0 9 * *' must have 5 fields "
                                + "(minute hour day-of-month month day-of-week), has 4"),
                arguments(SEGMENT.replace("\"UTC\"", "\"Mars/Olympus_Mons\""),
                        "$.entry.schedule.recurrence.zone: expected a string with a time-zone id such as "
                                + "Europe/Paris, got \"Mars/Olympus_Mons\""),
                arguments(SEGMENT.replace("0 9 * * MON", "0 9 30 FEB *"),
                        "$.entry.schedule: schedule's recurrence never fires: cron '0 9 30 FEB *' in UTC matches no "
                                + "instant in the eight years after 2026-04-01T14:00:00Z"),
                arguments(BASE.replace("{\"kind\": \"duration\", \"duration\": \"P2D\"}",
                                "{\"kind\": \"timeOfDay\", \"time\": \"25:00\"}"),
                        "$.steps[1].delay.time: expected a string with a local time such as 09:00, got \"25:00\""),
                arguments("[]", "$: expected an object, got an array"),
                arguments("", "$: the document is empty; expected a JSON object"),
                arguments(BASE.replace("\"format\": \"journey-engine/1\", ", ""),
                        "$: missing field 'format'; expected \"journey-engine/1\""),
                arguments(BASE.replace("journey-engine/1", "journey-engine/2"),
                        "$.format: the document is in format journey-engine/2, newer than this library reads "
                                + "(journey-engine/1); read it with a newer version of journey-dsl"),
                arguments(BASE.replace("journey-engine/1", "journeys/1"),
                        "$.format: expected \"journey-engine/1\", got \"journeys/1\""));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedDocumentFailsNamingThePathAndWhatWasExpected(String json, String message) {
        assertThatThrownBy(() -> JourneyJson.read(json))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage(message);
    }

    static Stream<Arguments> malformedJson() {
        return Stream.of(
                arguments(BASE.replace("\"P2D\"}", "\"P2D\",}"),
                        "$.steps[1].delay.duration: malformed JSON at line 6, column 82: Unexpected character ('}' (code 125)): "
                                + "was expecting double-quote to start field name"),
                arguments(BASE.substring(0, BASE.indexOf("\"act\"")),
                        "$.steps[1].next: malformed JSON at line 6, column 92: the document ends before it is complete"),
                arguments(BASE.replace("\"id\": \"hello\",", "\"id\": \"hello\", \"id\": \"again\","),
                        "$.steps[0].id: malformed JSON at line 5, column 39: Duplicate field 'id'"),
                arguments(BASE + " {}",
                        "$: malformed JSON at line 9, column 3: more content after the end of the document"),
                arguments("{\"format\": 'journey-engine/1'}",
                        "$.format: malformed JSON at line 1, column 12: Unexpected character (''' (code 39)): "
                                + "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' "
                                + "or 'false')"));
    }

    @ParameterizedTest
    @MethodSource("malformedJson")
    void malformedJsonFailsNamingWhereTheParserWas(String json, String message) {
        assertThatThrownBy(() -> JourneyJson.read(json))
                .isInstanceOf(JourneyJsonException.class)
                .hasMessage(message);
    }

    @Test
    void exceptionSplitsPathAndProblem() {
        assertThatThrownBy(() -> JourneyJson.read(BASE.replace("\"P2D\"", "12")))
                .isInstanceOfSatisfying(JourneyJsonException.class, e -> {
                    assertThat(e.path()).isEqualTo("$.steps[1].delay.duration");
                    assertThat(e.problem()).isEqualTo("expected a string with an ISO-8601 duration such as PT48H, got 12");
                });
    }
}
