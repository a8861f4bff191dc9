package dev.journeys.dsl.draft;

import dev.journeys.core.Condition;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * One thing a sentence says, as the {@link ClauseReader} reads it; the {@link Assembler} places
 * the clauses of a request in a journey. Internal.
 */
sealed interface Clause {

    /** The words as written. */
    String text();

    /**
     * "When/after/once X": the entry, if it comes before any step and nothing else started the
     * journey, else a condition like {@link If}.
     */
    record When(Happening happening, boolean negated, Optional<Span> window, String text) implements Clause {
    }

    /** "If they X (within N)": a condition on something that happens, for the steps after it in its sentence. */
    record If(Happening happening, boolean negated, Optional<Span> window, String text) implements Clause {
    }

    /**
     * "If they are a loyalty member", "if their tier is gold": a test of the contact.
     *
     * @param segment the segment tested, if it is a membership test
     * @param attribute the attribute test, if it is one
     * @param negated whether the test is negated
     * @param note what to check in the review, such as the attribute's guessed name
     */
    record Test(Optional<Asset> segment, Optional<Condition> attribute, boolean negated, String note, String text)
            implements Clause {
    }

    /** "Otherwise", "if not": the steps that follow, to the end of the sentence, are the other case. */
    record Otherwise(String text) implements Clause {
    }

    /**
     * A send.
     *
     * @param asset the message
     * @param again whether it sends the message sent before again ("send it again by SMS")
     * @param channels the channels it names, empty if none
     * @param preferred whether it goes on the contact's preferred channel among them
     * @param eachChannel whether it goes on each of them ("by email and SMS")
     * @param recipients who it is addressed to, if a group of people (a segment) was named
     */
    record Send(Asset asset, boolean again, List<String> channels, boolean preferred, boolean eachChannel,
                Optional<Asset> recipients, String text) implements Clause {
    }

    /** A wait for a length of time. */
    record Wait(Span span, String text) implements Clause {
    }

    /** A wait until a time of day in the contact's zone, such as "the next morning". */
    record WaitUntilTime(LocalTime time, String text) implements Clause {
    }

    /**
     * A date or a repeating schedule: "on March 10 at 9am", "every Monday".
     *
     * @param date the date, if one was named
     * @param weekly the day of the week it repeats on, if weekly
     * @param daily whether it repeats every day
     * @param time the time of day, if one was named
     */
    record Date(Optional<LocalDate> date, Optional<DayOfWeek> weekly, boolean daily, Optional<LocalTime> time,
                String text) implements Clause {
        boolean repeats() {
            return weekly.isPresent() || daily;
        }
    }

    /** "Stop if they purchase": a journey-wide exit, or, without a happening, the end of the path here. */
    record Stop(Optional<Happening> happening, String text) implements Clause {
    }

    /** "The goal is a purchase". */
    record Goal(Happening happening, String text) implements Clause {
    }

    /** A host action, such as "create a task for sales". */
    record Action(Asset asset, String text) implements Clause {
    }

    /** A frequency cap asked in words. */
    record Cap(FrequencyCap cap, String text) implements Clause {
    }

    /** Quiet hours asked in words. */
    record Quiet(QuietHours hours, String text) implements Clause {
    }

    /** A re-entry rule asked in words. */
    record Reentry(ReentryRule rule, String description, String text) implements Clause {
    }

    /** "Exclude employees": contacts in a segment cannot enter. */
    record Exclude(Asset segment, String text) implements Clause {
    }

    /** "Call it Spring welcome": the journey's name. */
    record Name(String name, String text) implements Clause {
    }

    /** "Do nothing": no step here, said on purpose. */
    record Nothing(String text) implements Clause {
    }

    /** Words the drafter read but could not use, with the reason. */
    record Unknown(String text, String reason) implements Clause {
    }
}
