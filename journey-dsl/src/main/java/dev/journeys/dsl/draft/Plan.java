package dev.journeys.dsl.draft;

import dev.journeys.core.Condition;
import dev.journeys.core.Entry;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Trigger;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the {@link Assembler} made of a request, for {@link JourneyWriter} to write and
 * {@link Checklist} to review. Internal.
 *
 * @param entry how contacts enter
 * @param entryWhy why the journey is of its type, for the checklist
 * @param journeySlug the words of the entry, for the journey's id; empty if it has none
 * @param exits the journey-wide exit triggers
 * @param goal the goal, if one was asked for
 * @param caps the frequency caps asked for
 * @param quietHours the quiet hours asked for
 * @param reentry the re-entry rule asked for
 * @param reentryWhat the re-entry rule in words
 * @param exclusions the exclusions asked for
 * @param name the journey's name, if one was asked for
 * @param steps the main path
 * @param notes the defaults used and the choices to check, for the checklist
 * @param eventTypes the known event types the journey uses
 * @param placeholders the assets to bind
 * @param notUnderstood what was not understood or not used
 * @param entryNote the note that nothing says what starts the journey, if nothing does
 */
record Plan(Entry entry, String entryWhy, String journeySlug, List<Trigger> exits, Optional<JourneyGoal> goal,
            List<FrequencyCap> caps, Optional<QuietHours> quietHours, Optional<ReentryRule> reentry,
            String reentryWhat, List<Condition> exclusions, Optional<String> name, List<Node> steps,
            List<String> notes, Set<String> eventTypes, List<Placeholder> placeholders,
            List<NotUnderstood> notUnderstood, Optional<NotUnderstood> entryNote) {
}
