package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.journeys.core.CronExpression;
import dev.journeys.core.Entry;
import dev.journeys.core.Recurrence;
import dev.journeys.core.Schedule;
import dev.journeys.core.Trigger;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of a journey's entry:
 *
 * <pre>{@code
 * {"kind": "event", "trigger": {"event": "form.submitted", "where": {...}}}
 * {"kind": "segment", "segment": "cold-brew-fans", "schedule": {"start": "2026-04-01T14:00:00Z",
 *     "recurrence": {"kind": "cron", "expression": "0 9 * * MON", "zone": "America/Chicago"},
 *     "end": "2026-06-30T00:00:00Z"}}
 * }</pre>
 *
 * A recurrence is {@code {"kind": "every", "period": "P7D"}} or a cron recurrence as above; a
 * schedule's {@code recurrence} and {@code end}, and the entry's {@code schedule}, may be left out.
 * Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class EntryJson {

    /** Every entry kind. */
    static final List<String> KINDS = List.of("event", "segment");
    /** Every recurrence kind. */
    static final List<String> RECURRENCE_KINDS = List.of("every", "cron");

    private EntryJson() {
    }

    /** Returns the JSON form of an entry. */
    static ObjectNode write(Entry entry, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (entry instanceof Entry.OnEvent onEvent) {
            object.put("kind", "event");
            object.set("trigger", ConditionJson.writeTrigger(onEvent.trigger(), path.field("trigger")));
        } else if (entry instanceof Entry.FromSegment from) {
            object.put("kind", "segment");
            object.put("segment", from.segment());
            from.schedule().ifPresent(schedule -> object.set("schedule",
                    writeSchedule(schedule, path.field("schedule"))));
        } else {
            throw new AssertionError(entry);
        }
        return object;
    }

    /** Returns the entry a JSON object stands for. */
    static Entry read(JsonValue value) {
        String kind = value.kind(KINDS);
        if (kind.equals("event")) {
            Trigger trigger = ConditionJson.readTrigger(value.object(List.of("kind", "trigger")).required("trigger"));
            return new Entry.OnEvent(trigger);
        }
        JsonFields fields = value.object(List.of("kind", "segment", "schedule"));
        String segment = fields.required("segment").string();
        Optional<Schedule> schedule = fields.optional("schedule").map(EntryJson::readSchedule);
        return value.build(() -> new Entry.FromSegment(segment, schedule));
    }

    private static ObjectNode writeSchedule(Schedule schedule, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.put("start", schedule.start().toString());
        schedule.recurrence().ifPresent(recurrence -> object.set("recurrence",
                writeRecurrence(recurrence, path.field("recurrence"))));
        schedule.end().ifPresent(end -> object.put("end", end.toString()));
        return object;
    }

    private static Schedule readSchedule(JsonValue value) {
        JsonFields fields = value.object(List.of("start", "recurrence", "end"));
        Instant start = fields.required("start").instant();
        Optional<Recurrence> recurrence = fields.optional("recurrence").map(EntryJson::readRecurrence);
        Optional<Instant> end = fields.optional("end").map(JsonValue::instant);
        return value.build(() -> new Schedule(start, recurrence, end));
    }

    private static ObjectNode writeRecurrence(Recurrence recurrence, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (recurrence instanceof Recurrence.Every every) {
            object.put("kind", "every");
            object.put("period", Durations.write(every.period()));
        } else if (recurrence instanceof Recurrence.Cron cron) {
            object.put("kind", "cron");
            object.put("expression", cron.expression().text());
            object.put("zone", cron.zone().getId());
        } else {
            throw new AssertionError(recurrence);
        }
        return object;
    }

    private static Recurrence readRecurrence(JsonValue value) {
        String kind = value.kind(RECURRENCE_KINDS);
        if (kind.equals("every")) {
            var period = value.object(List.of("kind", "period")).required("period").duration();
            return value.build(() -> new Recurrence.Every(period));
        }
        JsonFields fields = value.object(List.of("kind", "expression", "zone"));
        JsonValue text = fields.required("expression");
        CronExpression expression = text.build(() -> CronExpression.parse(text.string()));
        ZoneId zone = fields.required("zone").zone();
        return new Recurrence.Cron(expression, zone);
    }
}
