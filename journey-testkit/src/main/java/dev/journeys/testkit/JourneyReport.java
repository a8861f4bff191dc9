package dev.journeys.testkit;

import dev.journeys.core.DeclineReason;
import dev.journeys.core.ExitCause;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.SkipReason;
import dev.journeys.core.Step;
import dev.journeys.core.event.InstanceRef;
import dev.journeys.core.event.JourneyEvent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Per journey and step, how many contacts reached it, were sent, skipped (and why), deferred, cancelled,
 * dropped after failed dispatches, exited (and why) and are still waiting, and per journey how
 * many converted; as values, as plain text for the console,
 * and as a self-contained HTML page that draws each journey with its counts.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeys the counts of each journey
 */
public record JourneyReport(List<JourneyCounts> journeys) {

    /** The kind of a step counted from events that the journey's newest version does not have. */
    static final String UNKNOWN_KIND = "?";

    /** Copies the list. */
    public JourneyReport {
        journeys = List.copyOf(journeys);
    }

    /** Returns the counts of a journey. */
    public JourneyCounts journey(String journeyId) {
        return journeys.stream().filter(j -> j.journeyId().equals(journeyId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no journey '" + journeyId + "' in the report; it has "
                        + journeys.stream().map(JourneyCounts::journeyId).toList()));
    }

    /**
     * Counts the events of a simulation.
     *
     * @param definitions the journeys, newest version of each
     * @param events every event, in order per contact
     * @return the report
     */
    static JourneyReport of(List<JourneyDefinition> definitions, Iterable<JourneyEvent> events) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        definitions.forEach(d -> tallies.put(d.id(), new Tally(d)));
        for (JourneyEvent event : events) {
            String journeyId = journeyOf(event);
            Tally tally = journeyId == null ? null : tallies.get(journeyId);
            if (tally != null) {
                tally.count(event);
            }
        }
        return new JourneyReport(tallies.values().stream().map(Tally::counts).toList());
    }

    private static String journeyOf(JourneyEvent event) {
        if (event instanceof JourneyEvent.InstanceEvent e) {
            return e.instance().journeyId();
        } else if (event instanceof JourneyEvent.MessageSent e) {
            return e.message().key().journeyId();
        } else if (event instanceof JourneyEvent.EffectCancelled e) {
            return e.effect().key().journeyId();
        } else if (event instanceof JourneyEvent.DispatchFailed e) {
            return e.effect().key().journeyId();
        } else if (event instanceof JourneyEvent.EntryDeclined e) {
            return e.journeyId();
        }
        return null;
    }

    /** One step run: a wait reports reaching it and leaving it, and counts once. */
    private record Visit(InstanceRef instance, int visit) {
    }

    /** Counts one journey's events. */
    private static final class Tally {
        private final JourneyDefinition definition;
        private final Map<String, long[]> steps = new LinkedHashMap<>(); // reached, sent, cancelled, dropped, deferred
        private final Map<String, Map<SkipReason, Long>> skipped = new HashMap<>();
        private final Map<String, Map<ExitCause, Long>> exitedAt = new HashMap<>();
        private final Set<Visit> visits = new HashSet<>();
        private final Map<InstanceRef, String> lastStep = new HashMap<>();
        private final Set<InstanceRef> open = new HashSet<>();
        private final Map<ExitCause, Long> exits = new EnumMap<>(ExitCause.class);
        private final Map<DeclineReason, Long> declined = new EnumMap<>(DeclineReason.class);
        private final Set<InstanceRef> queued = new HashSet<>();
        private long queuedTotal;
        private Duration totalWait = Duration.ZERO;
        private Duration longestWait = Duration.ZERO;
        private long entered;
        private long goals;

        Tally(JourneyDefinition definition) {
            this.definition = definition;
            definition.steps().forEach(s -> steps.put(s.id(), new long[6]));
        }

        private long[] step(String stepId) {
            return steps.computeIfAbsent(stepId, id -> new long[6]);
        }

        void count(JourneyEvent event) {
            if (event instanceof JourneyEvent.Entered e) {
                if (!queued.remove(e.instance()) && open.add(e.instance())) {
                    entered++; // a queued entry was counted when it was queued, a parked one when it was parked
                }
            } else if (event instanceof JourneyEvent.EntryQueued e) {
                entered++;
                queuedTotal++;
                queued.add(e.instance());
                open.add(e.instance());
                totalWait = totalWait.plus(e.waits());
                longestWait = e.waits().compareTo(longestWait) > 0 ? e.waits() : longestWait;
            } else if (event instanceof JourneyEvent.EntryDeclined e) {
                declined.merge(e.reason(), 1L, Long::sum);
            } else if (event instanceof JourneyEvent.StepReached e) {
                if (visits.add(new Visit(e.instance(), e.visit()))) {
                    step(e.stepId())[0]++;
                }
                lastStep.put(e.instance(), e.stepId());
            } else if (event instanceof JourneyEvent.MessageSent e) {
                step(e.message().key().stepId())[1]++;
            } else if (event instanceof JourneyEvent.MessageSkipped e) {
                skipped.computeIfAbsent(e.stepId(), id -> new EnumMap<>(SkipReason.class)).merge(e.reason(), 1L, Long::sum);
            } else if (event instanceof JourneyEvent.SendDeferred e) {
                step(e.stepId())[4]++;
            } else if (event instanceof JourneyEvent.EffectCancelled e) {
                step(e.effect().key().stepId())[2]++;
            } else if (event instanceof JourneyEvent.DispatchFailed e) {
                if (!e.willRetry()) {
                    step(e.effect().key().stepId())[3]++;
                }
            } else if (event instanceof JourneyEvent.InstanceParked e) {
                step(e.stepId())[5]++;
                if (open.add(e.instance())) {
                    entered++; // parked as it entered: no Entered event was told
                }
                lastStep.put(e.instance(), e.stepId());
            } else if (event instanceof JourneyEvent.GoalReached) {
                goals++;
            } else if (event instanceof JourneyEvent.Exited e) {
                exits.merge(e.cause(), 1L, Long::sum);
                exitedAt.computeIfAbsent(e.stepId(), id -> new EnumMap<>(ExitCause.class)).merge(e.cause(), 1L, Long::sum);
                open.remove(e.instance());
                queued.remove(e.instance());
                lastStep.remove(e.instance());
            }
        }

        JourneyCounts counts() {
            Map<String, Long> waiting = open.stream().filter(lastStep::containsKey)
                    .collect(Collectors.groupingBy(lastStep::get, Collectors.counting()));
            List<StepCounts> stepCounts = new ArrayList<>();
            steps.forEach((id, c) -> stepCounts.add(new StepCounts(id,
                    definition.step(id).map(s -> s.getClass().getSimpleName()).orElse(UNKNOWN_KIND), c[0], c[1],
                    skipped.getOrDefault(id, Map.of()), c[2], c[3], exitedAt.getOrDefault(id, Map.of()),
                    waiting.getOrDefault(id, 0L), c[4], c[5])));
            return new JourneyCounts(definition.id(), definition.name(), entered, exits, goals, open.size(), stepCounts,
                    new EntryCounts(declined, queuedTotal, queued.size(), totalWait, longestWait));
        }
    }

    /** Returns the report as plain text, a block per journey and a line per step. */
    public String toText() {
        StringBuilder text = new StringBuilder();
        for (JourneyCounts journey : journeys) {
            text.append(String.format("%s (%s): entered %,d, exited %,d %s, goals %,d, waiting %,d%n",
                    journey.journeyId(), journey.name(), journey.entered(), journey.exited(), journey.exits(),
                    journey.goals(), journey.waiting()));
            EntryCounts entries = journey.entries();
            if (entries.queued() > 0 || entries.declinedTotal() > 0) {
                text.append("  entries: ").append(entries).append('\n');
            }
            for (StepCounts step : journey.steps()) {
                text.append(String.format("  %-24s %-12s reached %,9d", step.stepId(), step.kind(), step.reached()));
                if (step.sent() > 0) {
                    text.append(String.format("  sent %,d", step.sent()));
                }
                step.skipped().forEach((reason, n) -> text.append(String.format("  skipped %,d (%s)", n, reason)));
                if (step.deferred() > 0) {
                    text.append(String.format("  deferred %,d", step.deferred()));
                }
                if (step.cancelled() > 0) {
                    text.append(String.format("  cancelled %,d", step.cancelled()));
                }
                if (step.dropped() > 0) {
                    text.append(String.format("  dropped %,d", step.dropped()));
                }
                if (step.parked() > 0) {
                    text.append(String.format("  parked %,d", step.parked()));
                }
                step.exited().forEach((cause, n) -> text.append(String.format("  exited %,d (%s)", n, cause)));
                if (step.waiting() > 0) {
                    text.append(String.format("  waiting %,d", step.waiting()));
                }
                text.append('\n');
            }
        }
        return text.toString();
    }

    /**
     * Returns a self-contained HTML page (no scripts, fonts or other files) that draws each
     * journey as its steps, laid out by distance from the start, with the counts on each step.
     *
     * @param definitions the journeys the report is about, for their graphs
     * @return the page
     */
    public String toHtml(List<JourneyDefinition> definitions) {
        Objects.requireNonNull(definitions, "definitions");
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Journey report</title>
                <style>
                body{font-family:system-ui,sans-serif;margin:2em;color:#222}
                .row{display:flex;gap:1em;justify-content:center;margin:0.4em 0}
                .step{border:1px solid #888;border-radius:8px;padding:0.5em 0.8em;min-width:12em;background:#f7f9fc}
                .step h3{margin:0 0 0.3em 0;font-size:1em}.kind{color:#666;font-weight:normal}
                .n{font-variant-numeric:tabular-nums}.next{color:#555;font-size:0.85em}
                .arrow{text-align:center;color:#999}
                </style></head><body>
                <h1>Journey report</h1>
                """);
        for (JourneyCounts journey : journeys) {
            JourneyDefinition definition = definitions.stream().filter(d -> d.id().equals(journey.journeyId()))
                    .findFirst().orElse(null);
            html.append("<h2>").append(escape(journey.name())).append(" <small>(").append(escape(journey.journeyId()))
                    .append(")</small></h2>\n<p class=\"n\">entered ").append(journey.entered()).append(", exited ")
                    .append(journey.exited()).append(' ').append(escape(journey.exits().toString())).append(", goals ")
                    .append(journey.goals()).append(", waiting ").append(journey.waiting()).append("</p>\n");
            if (journey.entries().queued() > 0 || journey.entries().declinedTotal() > 0) {
                html.append("<p class=\"n\">entries: ").append(escape(journey.entries().toString())).append("</p>\n");
            }
            List<List<String>> rows = layers(definition, journey);
            for (List<String> row : rows) {
                if (row != rows.get(0)) {
                    html.append("<div class=\"arrow\">&darr;</div>\n");
                }
                html.append("<div class=\"row\">");
                for (String stepId : row) {
                    StepCounts step = journey.step(stepId);
                    List<String> next = definition == null ? List.of()
                            : definition.step(stepId).map(Step::successors).orElse(List.of());
                    html.append("<div class=\"step\"><h3>").append(escape(stepId)).append(" <span class=\"kind\">")
                            .append(escape(step.kind())).append("</span></h3><div class=\"n\">reached ")
                            .append(step.reached());
                    if (step.sent() > 0) {
                        html.append("<br>sent ").append(step.sent());
                    }
                    step.skipped().forEach((r, n) -> html.append("<br>skipped ").append(n).append(" (").append(r).append(')'));
                    if (step.deferred() > 0) {
                        html.append("<br>deferred ").append(step.deferred());
                    }
                    if (step.cancelled() > 0) {
                        html.append("<br>cancelled ").append(step.cancelled());
                    }
                    if (step.dropped() > 0) {
                        html.append("<br>dropped ").append(step.dropped());
                    }
                    if (step.parked() > 0) {
                        html.append("<br>parked ").append(step.parked());
                    }
                    step.exited().forEach((c, n) -> html.append("<br>exited ").append(n).append(" (").append(c).append(')'));
                    if (step.waiting() > 0) {
                        html.append("<br>waiting ").append(step.waiting());
                    }
                    html.append("</div>");
                    if (!next.isEmpty()) {
                        html.append("<div class=\"next\">&rarr; ")
                                .append(escape(String.join(", ", next))).append("</div>");
                    }
                    html.append("</div>");
                }
                html.append("</div>\n");
            }
        }
        return html.append("</body></html>\n").toString();
    }

    /** Groups step ids by their distance from the start step; unreached ones last. */
    private static List<List<String>> layers(JourneyDefinition definition, JourneyCounts journey) {
        List<List<String>> rows = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        if (definition != null && definition.step(definition.startStep()).isPresent()) {
            Deque<String> layer = new ArrayDeque<>(List.of(definition.startStep()));
            placed.add(definition.startStep());
            while (!layer.isEmpty()) {
                rows.add(List.copyOf(layer));
                Deque<String> next = new ArrayDeque<>();
                for (String id : layer) {
                    for (String successor : definition.step(id).map(Step::successors).orElse(List.of())) {
                        if (placed.add(successor)) {
                            next.add(successor);
                        }
                    }
                }
                layer = next;
            }
        }
        List<String> rest = journey.steps().stream().map(StepCounts::stepId).filter(id -> !placed.contains(id)).toList();
        if (!rest.isEmpty()) {
            rows.add(rest);
        }
        return rows;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
