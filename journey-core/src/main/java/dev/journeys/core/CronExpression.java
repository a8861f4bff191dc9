package dev.journeys.core;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A five-field cron expression: minute, hour, day of month, month, day of week, each {@code *},
 * a number, a name ({@code MON}..{@code SUN}, {@code JAN}..{@code DEC}), a range {@code a-b}, a
 * step {@code *}{@code /n} or {@code a-b/n}, or a comma-separated list of these. As in Unix cron,
 * when both the day of month and the day of week are restricted, a day matching either fires.
 * Sunday is 0 or 7.
 *
 * <pre>{@code
 * CronExpression.parse("0 9 * * MON")      // every Monday at 09:00
 * CronExpression.parse("30 8 1,15 * *")    // the 1st and 15th of each month at 08:30
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the expression as written
 */
public record CronExpression(String text) {

    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    /** How far ahead {@link #nextAfter} looks before it decides the expression never fires. */
    private static final int YEARS_AHEAD = 8;

    /** Checks the expression. */
    public CronExpression {
        Objects.requireNonNull(text, "text");
        fields(text); // throws with the field and the reason if malformed
    }

    /**
     * Parses an expression.
     *
     * @param text five fields separated by spaces
     * @return the expression
     * @throws IllegalArgumentException naming the field and what is wrong with it
     */
    public static CronExpression parse(String text) {
        return new CronExpression(text);
    }

    /**
     * Returns the first instant strictly after {@code after} at which the expression fires in the
     * zone, if it fires within the next eight years. A local time in a daylight-saving gap fires
     * moved forward by the gap; one in an overlap fires once, at the earlier instant.
     *
     * @param after the instant to look after
     * @param zone the zone whose wall clock the expression reads
     * @return the next firing, or empty if it never fires
     */
    public Optional<Instant> nextAfter(Instant after, ZoneId zone) {
        BitSet[] f = fields(text);
        boolean anyDayOfMonth = text.trim().split("\\s+")[2].equals("*");
        boolean anyDayOfWeek = text.trim().split("\\s+")[4].equals("*");
        LocalDate day = after.atZone(zone).toLocalDate();
        LocalDate last = day.plusYears(YEARS_AHEAD);
        for (; !day.isAfter(last); day = day.plusDays(1)) {
            if (!f[3].get(day.getMonthValue()) || !dayMatches(f, day, anyDayOfMonth, anyDayOfWeek)) {
                continue;
            }
            for (int hour = f[1].nextSetBit(0); hour >= 0; hour = f[1].nextSetBit(hour + 1)) {
                for (int minute = f[0].nextSetBit(0); minute >= 0; minute = f[0].nextSetBit(minute + 1)) {
                    Instant at = ZonedDateTime.of(day, LocalTime.of(hour, minute), zone).toInstant();
                    if (at.isAfter(after)) {
                        return Optional.of(at);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean dayMatches(BitSet[] f, LocalDate day, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        boolean dayOfMonth = f[2].get(day.getDayOfMonth());
        boolean dayOfWeek = f[4].get(day.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : day.getDayOfWeek().getValue());
        if (anyDayOfMonth || anyDayOfWeek) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }

    private static BitSet[] fields(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 5) {
            throw new IllegalArgumentException("cron expression '" + text + "' must have 5 fields (minute hour "
                    + "day-of-month month day-of-week), has " + parts.length);
        }
        BitSet dayOfWeek = field(text, "day of week", parts[4], 0, 7, DAYS);
        if (dayOfWeek.get(7)) {
            dayOfWeek.set(0); // 7 is Sunday too
        }
        return new BitSet[] {
            field(text, "minute", parts[0], 0, 59, List.of()),
            field(text, "hour", parts[1], 0, 23, List.of()),
            field(text, "day of month", parts[2], 1, 31, List.of()),
            field(text, "month", parts[3], 1, 12, MONTHS),
            dayOfWeek
        };
    }

    private static BitSet field(String text, String name, String field, int min, int max, List<String> names) {
        BitSet values = new BitSet(max + 1);
        for (String item : field.split(",")) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(text, name, item.substring(slash + 1), 1, max, List.of());
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(text, name, ends[0], min, max, names);
                to = number(text, name, ends[1], min, max, names);
                if (to < from) {
                    throw new IllegalArgumentException("cron expression '" + text + "': " + name + " range '" + range
                            + "' ends before it starts");
                }
            } else {
                from = number(text, name, range, min, max, names);
                to = slash >= 0 ? max : from;
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String text, String name, String value, int min, int max, List<String> names) {
        int index = names.indexOf(value.toUpperCase(Locale.ROOT));
        if (index >= 0) {
            return names == MONTHS ? index + 1 : index;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                throw new IllegalArgumentException("cron expression '" + text + "': " + name + " " + number
                        + " is outside " + min + "-" + max);
            }
            return number;
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("cron expression '" + text + "': " + name + " '" + value
                    + "' is not a number" + (names.isEmpty() ? "" : " or one of " + names), notANumber);
        }
    }

    @Override
    public String toString() {
        return "cron '" + text + "'";
    }
}
