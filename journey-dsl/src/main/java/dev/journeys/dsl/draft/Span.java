package dev.journeys.dsl.draft;

import java.time.Duration;
import java.util.Optional;

/**
 * A length of time written in words or digits, such as {@code two days}, {@code 48 hours},
 * {@code a week}, {@code 24h}, {@code the next day} or {@code a few hours}, read by
 * {@link #read}. Internal.
 *
 * <p>Units: minutes, hours, days, weeks, fortnights, and months, which are read as 30 days.
 * {@code half an hour} is 30 minutes, {@code half a day} 12 hours; {@code the next day},
 * {@code the following day}, {@code the day after} and {@code tomorrow} are one day;
 * {@code the next week} seven. {@code a few} and {@code several} are {@value Quantity#FEW} of the
 * unit, and the span notes that a default was used. A span that is negative, zero, longer than
 * {@link #MAX} or in business days is read but carries a problem instead of a usable duration.
 *
 * @param duration the length; meaningless if {@code problem} is present
 * @param text the words as written
 * @param note a default the reading used, to show in the review checklist
 * @param problem why the span cannot be used, if it cannot
 */
record Span(Duration duration, String text, Optional<String> note, Optional<String> problem) {

    /** The longest wait the drafter writes: two years. */
    static final Duration MAX = Duration.ofDays(730);

    /** Returns whether the span can be used as a wait. */
    boolean usable() {
        return problem.isEmpty();
    }

    /**
     * Reads a span at the cursor, moving past it; stays put if there is none.
     *
     * @param cursor where to read
     * @return the span, possibly with a problem, or empty if the words are not a length of time
     */
    static Optional<Span> read(Cursor cursor) {
        int start = cursor.position();
        if (cursor.acceptAll("the", "next", "day") || cursor.acceptAll("the", "following", "day")
                || cursor.acceptAll("next", "day") || cursor.acceptAll("the", "day", "after")
                || cursor.accept("tomorrow")) {
            return Optional.of(ok(Duration.ofDays(1), cursor.textFrom(start), Optional.empty()));
        }
        if (cursor.acceptAll("the", "next", "week") || cursor.acceptAll("the", "following", "week")
                || cursor.acceptAll("next", "week")) {
            return Optional.of(ok(Duration.ofDays(7), cursor.textFrom(start), Optional.empty()));
        }
        if (cursor.acceptAll("half", "an", "hour") || cursor.acceptAll("half", "hour")) {
            return Optional.of(ok(Duration.ofMinutes(30), cursor.textFrom(start), Optional.empty()));
        }
        if (cursor.acceptAll("half", "a", "day")) {
            return Optional.of(ok(Duration.ofHours(12), cursor.textFrom(start), Optional.empty()));
        }
        Optional<Span> compact = compact(cursor);
        if (compact.isPresent()) {
            return compact;
        }
        Optional<Quantity> count = Quantity.read(cursor, true);
        if (count.isEmpty()) {
            return Optional.empty();
        }
        boolean business = cursor.accept("business", "working", "work");
        Optional<Duration> unit = unit(cursor.peek());
        if (unit.isEmpty()) {
            cursor.reset(start);
            return Optional.empty();
        }
        boolean month = cursor.peek().startsWith("month");
        cursor.next();
        String text = cursor.textFrom(start);
        if (business) {
            return Optional.of(problem(text, "business days are not drafted: say the length in days, such as "
                    + "'three days', or use a wait until a time of day"));
        }
        return Optional.of(of(count.get(), unit.get(), month, text));
    }

    /**
     * Reads a span that may say it comes on top of another: {@code another two days},
     * {@code a further week}, {@code another day}, {@code one more day}.
     */
    static Optional<Span> readMore(Cursor cursor) {
        int start = cursor.position();
        boolean more = cursor.accept("another") || cursor.acceptAll("a", "further") || cursor.acceptAll("an", "extra")
                || cursor.acceptAll("an", "additional") || cursor.accept("extra", "further", "additional");
        if (!more) {
            return read(cursor);
        }
        int spanAt = cursor.position();
        Optional<Span> span = read(cursor);
        if (span.isPresent()) {
            return span;
        }
        cursor.reset(spanAt);
        Optional<Duration> one = unit(cursor.peek());
        if (one.isPresent() && !cursor.peek().endsWith("s")) {
            boolean month = cursor.peek().startsWith("month");
            cursor.next();
            return Optional.of(of(new Quantity(1, false, "another"), one.get(), month, cursor.textFrom(start)));
        }
        cursor.reset(start);
        return Optional.empty();
    }

    private static Span of(Quantity count, Duration unit, boolean month, String text) {
        if (count.value() < 0) {
            return problem(text, "a wait must be positive: '" + text + "' is negative");
        }
        if (count.value() == 0) {
            return problem(text, "'" + text + "' is no time at all: say how long, such as 'two days'");
        }
        if (count.value() > MAX.toMinutes() || unit.multipliedBy(count.value()).compareTo(MAX) > 0) {
            return problem(text, "'" + text + "' is longer than the longest wait the drafter writes (two years)");
        }
        Duration duration = unit.multipliedBy(count.value());
        Optional<String> note = Optional.empty();
        if (count.vague()) {
            note = Optional.of("'" + text + "' was read as " + Words.duration(duration) + " (the default for '"
                    + count.text().toLowerCase(java.util.Locale.ROOT) + "' is " + Quantity.FEW + ")");
        } else if (month) {
            note = Optional.of("'" + text + "' was read as " + Words.duration(duration) + " (a month is read as 30 days)");
        }
        return ok(duration, text, note);
    }

    /** Digits with a unit in one word: {@code 24h}, {@code 48hrs}, {@code 2d}, {@code 30min}. */
    private static Optional<Span> compact(Cursor cursor) {
        String word = cursor.peek();
        int digits = 0;
        while (digits < word.length() && digits < 7 && Character.isDigit(word.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits == word.length()) {
            return Optional.empty();
        }
        Duration unit = switch (word.substring(digits)) {
            case "m", "min", "mins" -> Duration.ofMinutes(1);
            case "h", "hr", "hrs" -> Duration.ofHours(1);
            case "d" -> Duration.ofDays(1);
            case "w", "wk", "wks" -> Duration.ofDays(7);
            default -> unit(word.substring(digits)).orElse(null);
        };
        if (unit == null) {
            return Optional.empty();
        }
        int start = cursor.position();
        cursor.next();
        long value = Long.parseLong(word.substring(0, digits));
        return Optional.of(of(new Quantity(value, false, word.substring(0, digits)), unit,
                word.substring(digits).startsWith("month"), cursor.textFrom(start)));
    }

    private static Optional<Duration> unit(String word) {
        return Optional.ofNullable(switch (word) {
            case "minute", "minutes", "min", "mins" -> Duration.ofMinutes(1);
            case "hour", "hours", "hr", "hrs" -> Duration.ofHours(1);
            case "day", "days" -> Duration.ofDays(1);
            case "week", "weeks", "wk", "wks" -> Duration.ofDays(7);
            case "fortnight", "fortnights" -> Duration.ofDays(14);
            case "month", "months" -> Duration.ofDays(30);
            default -> null;
        });
    }

    private static Span ok(Duration duration, String text, Optional<String> note) {
        return new Span(duration, text, note, Optional.empty());
    }

    private static Span problem(String text, String reason) {
        return new Span(Duration.ZERO, text, Optional.empty(), Optional.of(reason));
    }
}
