package dev.journeys.dsl.draft;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * Reads waits ("wait two days", "two days later", "the next morning", "wait until 9am") and dates
 * ("on March 10 at 2pm", "every Monday"), against the drafter's today. Internal; not thread-safe
 * only in that it holds the calendar it was given, which is immutable.
 */
final class TimeReader {

    private final Calendar calendar;

    TimeReader(Calendar calendar) {
        this.calendar = calendar;
    }

    List<Clause> waitClause(Cursor c) {
        int start = c.position();
        boolean give = c.acceptAll("give", "them") || c.acceptAll("give", "it");
        if (give) {
            Optional<Span> span = Span.read(c);
            if (span.isEmpty()) {
                c.reset(start);
                return List.of();
            }
            return List.of(span(span.get(), c.textFrom(start)));
        }
        if (c.accept("wait", "pause", "delay", "hold")) {
            c.accept("them", "on", "it");
            c.accept("for", "about", "around", "roughly", "approximately", "exactly");
            int spanAt = c.position();
            if (c.accept("until", "till", "til") || c.acceptAll("up", "until")) {
                return waitUntil(c, start);
            }
            c.reset(spanAt);
            if (c.acceptAll("a", "while") || c.acceptAll("a", "bit") || c.acceptAll("some", "time")
                    || c.acceptAll("a", "little") || c.accept("awhile", "later") || c.acceptAll("a", "moment")) {
                return List.of(new Clause.Unknown(c.textFrom(start), "'" + c.textFrom(spanAt) + "' is not a length of "
                        + "time: say how long, such as 'two days' or '48 hours'"));
            }
            c.reset(spanAt);
            Optional<Span> span = Span.readMore(c);
            if (span.isEmpty()) {
                if (c.accept("for") || c.lookingAt("they") || c.lookingAt("them")) {
                    return List.of(new Clause.Unknown(c.textFrom(start), "a wait for something to happen needs a "
                            + "time-out: say 'if they don't open it within 3 days, ...'"));
                }
                while (!c.atEnd() && !Happenings.boundary(c) && !ClauseReader.RESYNC.contains(c.peek())) {
                    c.next();
                }
                return List.of(new Clause.Unknown(c.textFrom(start), "say how long to wait, such as 'two days', "
                        + "'48 hours' or 'a week'"));
            }
            c.accept("more", "longer");
            c.accept("later", "after", "afterwards");
            c.acceptAll("after", "that");
            c.acceptAll("after", "this");
            return List.of(span(span.get(), c.textFrom(start)));
        }
        c.reset(start);
        if (c.accept("after", "in")) {
            Optional<Span> span = Span.readMore(c);
            if (span.isPresent()) {
                c.accept("more", "later", "time");
                return List.of(span(span.get(), c.textFrom(start)));
            }
            c.reset(start);
            return List.of();
        }
        if (c.acceptAll("the", "next", "morning") || c.acceptAll("next", "morning")
                || c.acceptAll("the", "following", "morning") || c.acceptAll("tomorrow", "morning")) {
            return List.of(new Clause.WaitUntilTime(LocalTime.of(9, 0), c.textFrom(start)));
        }
        c.reset(start);
        c.accept("another", "a", "an");
        c.reset(start);
        Optional<Span> span = Span.read(c);
        if (span.isPresent()) {
            boolean fixedPhrase = span.get().text().toLowerCase(java.util.Locale.ROOT).contains("next")
                    || span.get().text().toLowerCase(java.util.Locale.ROOT).contains("following")
                    || span.get().text().toLowerCase(java.util.Locale.ROOT).contains("tomorrow")
                    || span.get().text().toLowerCase(java.util.Locale.ROOT).contains("day after");
            int afterSpan = c.position();
            if (c.accept("after")) {
                int happeningAt = c.position();
                Optional<Happenings.Read> read = Happenings.read(c, false);
                if (read.isEmpty()) {
                    read = Happenings.readCustom(c);
                }
                if (read.isPresent() && !read.get().negated()) {
                    return List.of(new Clause.When(read.get().happening(), false, Optional.empty(),
                            c.text(happeningAt, c.position())), span(span.get(), c.textFrom(start)));
                }
                c.reset(afterSpan);
            }
            if (c.accept("later", "afterwards", "afterward") || c.acceptAll("after", "that")
                    || c.acceptAll("after", "this") || c.acceptAll("from", "now") || c.acceptAll("after", "it")
                    || c.acceptAll("on") || fixedPhrase) {
                c.accept("on");
                return List.of(span(span.get(), c.textFrom(start)));
            }
        }
        c.reset(start);
        return List.of();
    }

    static Clause span(Span span, String text) {
        return span.usable() ? new Clause.Wait(span, text) : new Clause.Unknown(text, span.problem().orElseThrow());
    }

    List<Clause> waitUntil(Cursor c, int start) {
        int at = c.position();
        if (c.acceptAll("the", "next", "morning") || c.acceptAll("next", "morning") || c.acceptAll("tomorrow", "morning")
                || c.acceptAll("the", "following", "morning") || c.accept("morning")) {
            return List.of(new Clause.WaitUntilTime(LocalTime.of(9, 0), c.textFrom(start)));
        }
        Optional<LocalTime> time = Calendar.time(c, Calendar.Bias.DAY);
        if (time.isPresent()) {
            c.accept("local", "their");
            c.accept("time");
            return List.of(new Clause.WaitUntilTime(time.get(), c.textFrom(start)));
        }
        c.reset(at);
        List<Clause> date = date(c);
        if (!date.isEmpty()) {
            return date;
        }
        c.reset(at);
        while (!c.atEnd() && !Happenings.boundary(c)) {
            c.next();
        }
        return List.of(new Clause.Unknown(c.textFrom(start), "a wait until something happens needs a time-out: "
                + "say 'if they don't open it within 3 days, ...'; a wait until a time says 'until 9am' or "
                + "'until March 10'"));
    }

    List<Clause> date(Cursor c) {
        int start = c.position();
        c.accept("on", "starting", "from", "beginning");
        boolean every = c.accept("every", "each");
        Optional<DayOfWeek> weekly = Optional.empty();
        boolean daily = false;
        Optional<LocalDate> date = Optional.empty();
        if (every || c.lookingAt("weekly") || c.lookingAt("daily") || Calendar.weekday(c.peek())
                .filter(d -> c.peek().endsWith("s")).isPresent()) {
            if (c.accept("daily") || every && (c.accept("day", "morning") || c.acceptAll("single", "day"))) {
                daily = true;
            } else if (c.accept("weekly") || every && c.accept("week")) {
                weekly = Optional.of(calendar.today().plusDays(7).getDayOfWeek());
            } else {
                Optional<DayOfWeek> day = Calendar.weekday(c.peek());
                if (day.isEmpty()) {
                    c.reset(start);
                    return List.of();
                }
                c.next();
                weekly = day;
            }
        } else {
            Optional<Calendar.DateRead> read = calendar.date(c);
            if (read.isEmpty()) {
                c.reset(start);
                if (c.accept("at")) {
                    Optional<LocalTime> time = Calendar.time(c, Calendar.Bias.DAY);
                    if (time.isPresent()) {
                        return List.of(new Clause.Date(Optional.empty(), Optional.empty(), false, time,
                                c.textFrom(start)));
                    }
                }
                c.reset(start);
                return List.of();
            }
            if (read.get().problem().isPresent()) {
                return List.of(new Clause.Unknown(c.textFrom(start), read.get().problem().get()));
            }
            date = read.get().date();
            if (date.get().isBefore(calendar.today())) {
                return List.of(new Clause.Unknown(c.textFrom(start), date.get() + " is in the past (the drafter's "
                        + "today is " + calendar.today() + ")"));
            }
        }
        Optional<LocalTime> time = Optional.empty();
        int at = c.position();
        if (c.accept("at", "around")) {
            time = Calendar.time(c, Calendar.Bias.DAY);
            if (time.isEmpty()) {
                c.reset(at);
            } else {
                c.accept("local", "their");
                c.accept("time");
            }
        } else if (c.acceptAll("in", "the", "morning")) {
            time = Optional.of(LocalTime.of(9, 0));
        }
        if ((weekly.isPresent() || daily) && (c.accept("starting", "from", "beginning"))) {
            c.accept("on");
            Optional<Calendar.DateRead> first = calendar.date(c);
            if (first.isPresent() && first.get().date().isPresent()) {
                date = first.get().date();
            }
        }
        return List.of(new Clause.Date(date, weekly, daily, time, c.textFrom(start)));
    }
}
