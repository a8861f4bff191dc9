package dev.journeys.dsl.draft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Lengths of time, counts, dates and times of day, as a marketer writes them. */
class SpanTest {

    private static Optional<Span> span(String words) {
        return Span.readMore(cursor(words));
    }

    private static Cursor cursor(String words) {
        return new Cursor(new Sentence(1, words, Requests.words(words, 100)));
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "two days | PT48H",
        "2 days | PT48H",
        "48 hours | PT48H",
        "forty-eight hours | PT48H",
        "forty eight hours | PT48H",
        "twenty-four hours | PT24H",
        "a week | PT168H",
        "one week | PT168H",
        "an hour | PT1H",
        "a day | PT24H",
        "the next day | PT24H",
        "the following day | PT24H",
        "tomorrow | PT24H",
        "the next week | PT168H",
        "a couple of days | PT48H",
        "a couple days | PT48H",
        "twelve hours | PT12H",
        "ninety minutes | PT1H30M",
        "half an hour | PT30M",
        "half a day | PT12H",
        "a fortnight | PT336H",
        "10 minutes | PT10M",
        "24h | PT24H",
        "48hrs | PT48H",
        "2d | PT48H",
        "30min | PT30M",
        "another day | PT24H",
        "another two days | PT48H",
        "a further week | PT168H",
        "twenty days | PT480H",
        "2 weeks | PT336H",
    })
    void readsALengthOfTime(String words, Duration expected) {
        Span span = span(words).orElseThrow();

        assertThat(span.problem()).isEmpty();
        assertThat(span.duration()).isEqualTo(expected);
        assertThat(span.note()).isEmpty();
    }

    @ParameterizedTest(name = "''{0}'' is {1}, noting the default")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a few hours | PT3H | 'a few hours' was read as 3 hours (the default for 'a few' is 3)",
        "a few days | PT72H | 'a few days' was read as 3 days (the default for 'a few' is 3)",
        "several days | PT72H | 'several days' was read as 3 days (the default for 'several' is 3)",
        "a month | PT720H | 'a month' was read as 30 days (a month is read as 30 days)",
        "2 months | PT1440H | '2 months' was read as 60 days (a month is read as 30 days)",
    })
    void readsAVagueLengthAsItsDocumentedDefaultAndSaysSo(String words, Duration expected, String note) {
        Span span = span(words).orElseThrow();

        assertThat(span.duration()).isEqualTo(expected);
        assertThat(span.note()).contains(note);
    }

    @ParameterizedTest(name = "''{0}'' is refused: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "minus one day | a wait must be positive: 'minus one day' is negative",
        "negative 2 hours | a wait must be positive: 'negative 2 hours' is negative",
        "-1 day | a wait must be positive: '-1 day' is negative",
        "0 days | '0 days' is no time at all: say how long, such as 'two days'",
        "zero hours | 'zero hours' is no time at all: say how long, such as 'two days'",
        "3 business days | business days are not drafted: say the length in days, such as 'three days', or use a wait until a time of day",
        "99999999999999999999 days | '99999999999999999999 days' is longer than the longest wait the drafter writes (two years)",
        "800 days | '800 days' is longer than the longest wait the drafter writes (two years)",
    })
    void readsButRefusesALengthThatCannotBeAWait(String words, String problem) {
        Span span = span(words).orElseThrow();

        assertThat(span.usable()).isFalse();
        assertThat(span.problem()).contains(problem);
    }

    @ParameterizedTest(name = "''{0}'' is not a length of time")
    @CsvSource({"a while", "the survey", "days", "a landing page", "two", "some time"})
    void leavesWordsThatAreNoLengthOfTime(String words) {
        Cursor cursor = cursor(words);

        assertThat(Span.readMore(cursor)).isEmpty();
        assertThat(cursor.position()).isZero();
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "9am | DAY | 09:00",
        "9 am | DAY | 09:00",
        "9:30pm | DAY | 21:30",
        "21:00 | DAY | 21:00",
        "noon | DAY | 12:00",
        "midnight | DAY | 00:00",
        "12am | DAY | 00:00",
        "12pm | DAY | 12:00",
        "9 | DAY | 09:00",
        "3 | DAY | 15:00",
        "9 | EVENING | 21:00",
        "8 | MORNING | 08:00",
        "8 in the morning | EVENING | 08:00",
        "10 p.m. | DAY | 22:00",
    })
    void readsATimeOfDay(String words, Calendar.Bias bias, LocalTime expected) {
        assertThat(Calendar.time(cursor(words), bias)).contains(expected);
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(delimiter = '|', value = {
        "March 10 | 2026-03-10",
        "march 10th | 2026-03-10",
        "10 March | 2026-03-10",
        "the 10th of March | 2026-03-10",
        "Dec 1 | 2026-12-01",
        "January 5 | 2027-01-05",
        "March 2 | 2026-03-02",
        "March 1 | 2027-03-01",
        "2026-06-20 | 2026-06-20",
        "Monday | 2026-03-09",
        "next Tuesday | 2026-03-03",
        "tomorrow | 2026-03-03",
        "May 5 | 2026-05-05",
    })
    void readsADateFromToday(String words, LocalDate expected) {
        Calendar calendar = new Calendar(LocalDate.parse("2026-03-02"));

        assertThat(calendar.date(cursor(words)).flatMap(Calendar.DateRead::date)).contains(expected);
    }

    @Test
    void refusesADateThatDoesNotExist() {
        Calendar calendar = new Calendar(LocalDate.parse("2026-03-02"));

        assertThat(calendar.date(cursor("February 30")).flatMap(Calendar.DateRead::problem))
                .contains("'February 30' is not a date");
        assertThat(calendar.date(cursor("may we"))).isEmpty();
    }

    @Test
    void cutsSentencesAndExpandsContractions() {
        Requests.Split split = Requests.split("Send it at 9 a.m. tomorrow, e.g. the guide! Don't wait.\n- First item\n"
                + "2. Second item\nstill the second item\n\nThird; fourth", 10, 50);

        assertThat(split.sentences()).extracting(Sentence::text).containsExactly(
                "Send it at 9 a.m. tomorrow, e.g. the guide", "Don't wait", "First item",
                "Second item\nstill the second item", "Third", "fourth");
        assertThat(split.sentences().get(1).words()).extracting(Word::text).containsExactly("do", "not", "wait");
        assertThat(Requests.words("they haven't opened the customer's e-mail", 20)).extracting(Word::text)
                .containsExactly("they", "have", "not", "opened", "the", "customer", "email");
        assertThat(Requests.split("one. two. three.", 2, 50).unread()).isEqualTo(1);
    }
}
