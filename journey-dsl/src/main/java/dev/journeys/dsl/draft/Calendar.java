package dev.journeys.dsl.draft;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.Map;
import java.util.Optional;

/**
 * Reads dates and times of day. A date without a year is the first such date on or after the
 * reference date ("today"); a day of the week is the first such day after it; a time of day
 * with neither {@code am} nor {@code pm} is read as the caller's {@link Bias} says. Internal.
 */
final class Calendar {

    /** How to read an hour written without {@code am} or {@code pm}. */
    enum Bias {
        /** Office hours: 8 to 11 in the morning, 12 noon, 1 to 7 in the afternoon. */
        DAY,
        /** The start of quiet hours: 1 to 11 in the evening. */
        EVENING,
        /** The end of quiet hours: 1 to 11 in the morning. */
        MORNING
    }

    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("january", 1), Map.entry("jan", 1), Map.entry("february", 2), Map.entry("feb", 2),
            Map.entry("march", 3), Map.entry("mar", 3), Map.entry("april", 4), Map.entry("apr", 4),
            Map.entry("may", 5), Map.entry("june", 6), Map.entry("jun", 6), Map.entry("july", 7),
            Map.entry("jul", 7), Map.entry("august", 8), Map.entry("aug", 8), Map.entry("september", 9),
            Map.entry("sep", 9), Map.entry("sept", 9), Map.entry("october", 10), Map.entry("oct", 10),
            Map.entry("november", 11), Map.entry("nov", 11), Map.entry("december", 12), Map.entry("dec", 12));

    private final LocalDate today;

    Calendar(LocalDate today) {
        this.today = today;
    }

    LocalDate today() {
        return today;
    }

    /**
     * A date read, or why the words that look like one are not a date.
     *
     * @param date the date, if valid
     * @param problem why not, if not
     */
    record DateRead(Optional<LocalDate> date, Optional<String> problem) {
    }

    /** Returns the day of the week a word names, such as {@code monday} or {@code mondays}. */
    static Optional<DayOfWeek> weekday(String word) {
        String day = word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
        for (DayOfWeek candidate : DayOfWeek.values()) {
            if (candidate.name().toLowerCase(java.util.Locale.ROOT).equals(day)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Reads a date at the cursor: {@code March 10}, {@code March 10th}, {@code 10 March},
     * {@code the 10th of March}, {@code 2026-03-10}, {@code Monday}, {@code next Monday},
     * {@code tomorrow}. Stays put if there is none.
     */
    Optional<DateRead> date(Cursor cursor) {
        int start = cursor.position();
        String word = cursor.peek();
        if (word.length() == 10 && word.charAt(4) == '-' && word.charAt(7) == '-') {
            cursor.next();
            try {
                return Optional.of(new DateRead(Optional.of(LocalDate.parse(word)), Optional.empty()));
            } catch (DateTimeException bad) {
                return Optional.of(new DateRead(Optional.empty(), Optional.of("'" + word + "' is not a date")));
            }
        }
        if (cursor.accept("tomorrow")) {
            return Optional.of(new DateRead(Optional.of(today.plusDays(1)), Optional.empty()));
        }
        boolean next = cursor.accept("next", "this", "coming");
        Optional<DayOfWeek> weekday = weekday(cursor.peek()).filter(d -> !cursor.peek().endsWith("s"));
        if (weekday.isPresent()) {
            cursor.next();
            LocalDate date = today.plusDays(1);
            while (date.getDayOfWeek() != weekday.get()) {
                date = date.plusDays(1);
            }
            return Optional.of(new DateRead(Optional.of(date), Optional.empty()));
        }
        if (next) {
            cursor.reset(start);
            return Optional.empty();
        }
        cursor.accept("the");
        Optional<Integer> day = day(cursor.peek());
        Integer month;
        if (day.isPresent()) {
            cursor.next();
            cursor.accept("of");
            month = MONTHS.get(cursor.peek());
            if (month == null) {
                cursor.reset(start);
                return Optional.empty();
            }
            cursor.next();
        } else {
            month = MONTHS.get(cursor.peek());
            if (month == null || !day(cursor.peek(1)).isPresent() && !cursor.peek(1).equals("the")) {
                cursor.reset(start);
                return Optional.empty();
            }
            cursor.next();
            cursor.accept("the");
            day = day(cursor.peek());
            if (day.isEmpty()) {
                cursor.reset(start);
                return Optional.empty();
            }
            cursor.next();
        }
        Optional<Integer> year = Optional.empty();
        if (cursor.peek().length() == 4 && new Word(cursor.peek(), 0, 0).isDigits()) {
            year = Optional.of(Integer.parseInt(cursor.next()));
        }
        try {
            MonthDay monthDay = MonthDay.of(month, day.get());
            LocalDate date;
            if (year.isPresent()) {
                date = monthDay.atYear(year.get());
            } else {
                date = monthDay.atYear(today.getYear());
                if (date.isBefore(today)) {
                    date = monthDay.atYear(today.getYear() + 1);
                }
            }
            return Optional.of(new DateRead(Optional.of(date), Optional.empty()));
        } catch (DateTimeException bad) {
            return Optional.of(new DateRead(Optional.empty(),
                    Optional.of("'" + cursor.textFrom(start) + "' is not a date")));
        }
    }

    /** A day of the month: {@code 10}, {@code 10th}, {@code 1st}. */
    private static Optional<Integer> day(String word) {
        int digits = 0;
        while (digits < word.length() && digits < 3 && Character.isDigit(word.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 2) {
            return Optional.empty();
        }
        String suffix = word.substring(digits);
        if (!suffix.isEmpty() && !suffix.equals("st") && !suffix.equals("nd") && !suffix.equals("rd")
                && !suffix.equals("th")) {
            return Optional.empty();
        }
        int day = Integer.parseInt(word.substring(0, digits));
        return day >= 1 && day <= 31 ? Optional.of(day) : Optional.empty();
    }

    /**
     * Reads a time of day at the cursor: {@code 9am}, {@code 9 pm}, {@code 9:30pm}, {@code 21:00},
     * {@code noon}, {@code midnight}, or a bare hour read with the bias. Stays put if there is none.
     */
    static Optional<LocalTime> time(Cursor cursor, Bias bias) {
        int start = cursor.position();
        if (cursor.accept("noon", "midday")) {
            return Optional.of(LocalTime.NOON);
        }
        if (cursor.accept("midnight")) {
            return Optional.of(LocalTime.MIDNIGHT);
        }
        String word = cursor.peek();
        String suffix = "";
        if (word.endsWith("am") || word.endsWith("pm")) {
            suffix = word.substring(word.length() - 2);
            word = word.substring(0, word.length() - 2);
        }
        int hour;
        int minute = 0;
        int colon = Math.max(word.indexOf(':'), word.indexOf('.'));
        try {
            if (colon > 0) {
                hour = Integer.parseInt(word.substring(0, colon));
                minute = Integer.parseInt(word.substring(colon + 1));
            } else {
                if (word.isEmpty() || word.length() > 2 || !new Word(word, 0, 0).isDigits()) {
                    return Optional.empty();
                }
                hour = Integer.parseInt(word);
            }
        } catch (NumberFormatException notTime) {
            return Optional.empty();
        }
        cursor.next();
        if (suffix.isEmpty() && cursor.accept("am", "pm")) {
            suffix = cursor.sentence().words().get(cursor.position() - 1).text();
        }
        cursor.accept("oclock");
        if (suffix.isEmpty()) {
            if (cursor.acceptAll("in", "the", "morning")) {
                suffix = "am";
            } else if (cursor.acceptAll("in", "the", "evening") || cursor.acceptAll("in", "the", "afternoon")
                    || cursor.acceptAll("at", "night")) {
                suffix = "pm";
            }
        }
        if (minute < 0 || minute > 59 || hour < 0 || hour > 23 || !suffix.isEmpty() && (hour < 1 || hour > 12)) {
            cursor.reset(start);
            return Optional.empty();
        }
        if (suffix.equals("am")) {
            hour = hour == 12 ? 0 : hour;
        } else if (suffix.equals("pm")) {
            hour = hour == 12 ? 12 : hour + 12;
        } else if (colon < 0 && hour >= 1 && hour <= 11) {
            hour = switch (bias) {
                case DAY -> hour <= 7 ? hour + 12 : hour;
                case EVENING -> hour + 12;
                case MORNING -> hour;
            };
        }
        return Optional.of(LocalTime.of(hour, minute));
    }
}
