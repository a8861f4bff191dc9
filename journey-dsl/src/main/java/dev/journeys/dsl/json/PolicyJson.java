package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.journeys.core.Condition;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyPolicies;
import dev.journeys.core.Pausing;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Trigger;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of a journey's policies; every field may be left out, and is when it has its
 * default ({@link JourneyPolicies#defaults()}):
 *
 * <pre>{@code
 * {"reentry": {"mode": "afterExit", "coolDown": "PT24H", "coolDownFrom": "entry", "maxEntries": 3},
 *  "caps": [{"maxSends": 2, "window": "P7D", "channel": "email", "includeTransactional": true,
 *            "whenReached": "defer", "maxDeferral": "P2D"}],
 *  "quietHours": {"start": "21:00", "end": "08:00", "maxDeferral": "PT12H"},
 *  "pausing": {"pauseWhen": [{"event": "opportunity.created"}], "resumeWhen": [{"event": "opportunity.lost"}]},
 *  "exclusions": [{...}], "suppression": [{...}],
 *  "entryRateLimit": {"maxEntries": 100, "per": "PT1M", "overflow": "reject"},
 *  "triggerFields": ["items"]}
 * }</pre>
 *
 * Defaults: re-entry after exit with no cool-down, measured from entry, unlimited entries; a cap
 * counts marketing messages on all channels and skips excess sends; quiet hours hold a send up
 * to a day; an entry rate limit queues excess entries. Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class PolicyJson {

    private static final List<String> FIELDS = List.of("reentry", "caps", "quietHours", "pausing", "exclusions",
            "suppression", "entryRateLimit", "triggerFields");
    private static final Duration DEFAULT_QUIET_DEFERRAL = QuietHours.between(LocalTime.MIN, LocalTime.NOON)
            .maxDeferral();

    private PolicyJson() {
    }

    /** Returns the JSON form of policies. */
    static ObjectNode write(JourneyPolicies policies, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (!policies.reentry().equals(ReentryRule.afterExit())) {
            object.set("reentry", writeReentry(policies.reentry(), path.field("reentry")));
        }
        if (!policies.caps().isEmpty()) {
            JsonPath at = path.field("caps");
            ArrayNode caps = JsonOut.array(at);
            for (int i = 0; i < policies.caps().size(); i++) {
                caps.add(writeCap(policies.caps().get(i), at.index(i)));
            }
            object.set("caps", caps);
        }
        policies.quietHours().ifPresent(hours -> object.set("quietHours",
                writeQuietHours(hours, path.field("quietHours"))));
        if (!policies.pausing().equals(Pausing.none())) {
            object.set("pausing", writePausing(policies.pausing(), path.field("pausing")));
        }
        if (!policies.exclusions().isEmpty()) {
            object.set("exclusions", ConditionJson.writeAll(policies.exclusions(), path.field("exclusions")));
        }
        if (!policies.suppression().isEmpty()) {
            object.set("suppression", ConditionJson.writeAll(policies.suppression(), path.field("suppression")));
        }
        policies.entryRateLimit().ifPresent(limit -> object.set("entryRateLimit",
                writeRateLimit(limit, path.field("entryRateLimit"))));
        if (!policies.triggerFields().isEmpty()) {
            ArrayNode fields = object.putArray("triggerFields");
            policies.triggerFields().forEach(fields::add);
        }
        return object;
    }

    /** Returns the policies a JSON object stands for. */
    static JourneyPolicies read(JsonValue value) {
        JsonFields fields = value.object(FIELDS);
        ReentryRule reentry = fields.optional("reentry").map(PolicyJson::readReentry).orElse(ReentryRule.afterExit());
        List<FrequencyCap> caps = fields.list("caps").stream().map(PolicyJson::readCap).toList();
        Optional<QuietHours> quietHours = fields.optional("quietHours").map(PolicyJson::readQuietHours);
        Pausing pausing = fields.optional("pausing").map(PolicyJson::readPausing).orElse(Pausing.none());
        List<Condition> exclusions = ConditionJson.readAll(fields, "exclusions");
        List<Condition> suppression = ConditionJson.readAll(fields, "suppression");
        Optional<EntryRateLimit> limit = fields.optional("entryRateLimit").map(PolicyJson::readRateLimit);
        List<String> triggerFields = fields.list("triggerFields").stream().map(JsonValue::string).toList();
        return value.build(() -> new JourneyPolicies(reentry, caps, quietHours, pausing, exclusions, suppression,
                limit, triggerFields));
    }

    private static ObjectNode writeReentry(ReentryRule rule, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.put("mode", Names.of(rule.mode()));
        if (!rule.coolDown().isZero()) {
            object.put("coolDown", Durations.write(rule.coolDown()));
        }
        if (rule.coolDownFrom() != ReentryRule.CoolDownFrom.ENTRY) {
            object.put("coolDownFrom", Names.of(rule.coolDownFrom()));
        }
        if (rule.maxEntries() != Integer.MAX_VALUE) {
            object.put("maxEntries", rule.maxEntries());
        }
        return object;
    }

    private static ReentryRule readReentry(JsonValue value) {
        JsonFields fields = value.object(List.of("mode", "coolDown", "coolDownFrom", "maxEntries"));
        ReentryRule.Mode mode = Names.parse(fields.required("mode"), ReentryRule.Mode.class);
        Duration coolDown = fields.optional("coolDown").map(JsonValue::duration).orElse(Duration.ZERO);
        ReentryRule.CoolDownFrom from = fields.optional("coolDownFrom")
                .map(v -> Names.parse(v, ReentryRule.CoolDownFrom.class)).orElse(ReentryRule.CoolDownFrom.ENTRY);
        int maxEntries = fields.optional("maxEntries").map(JsonValue::integer).orElse(Integer.MAX_VALUE);
        return value.build(() -> new ReentryRule(mode, coolDown, from, maxEntries));
    }

    private static ObjectNode writeCap(FrequencyCap cap, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.put("maxSends", cap.maxSends());
        object.put("window", Durations.write(cap.window()));
        cap.channel().ifPresent(channel -> object.put("channel", channel));
        if (cap.includeTransactional()) {
            object.put("includeTransactional", true);
        }
        if (cap.whenReached() != FrequencyCap.WhenReached.SKIP) {
            object.put("whenReached", Names.of(cap.whenReached()));
        }
        if (!cap.maxDeferral().isZero()) {
            object.put("maxDeferral", Durations.write(cap.maxDeferral()));
        }
        return object;
    }

    private static FrequencyCap readCap(JsonValue value) {
        JsonFields fields = value.object(List.of("maxSends", "window", "channel", "includeTransactional",
                "whenReached", "maxDeferral"));
        int maxSends = fields.required("maxSends").integer();
        Duration window = fields.required("window").duration();
        Optional<String> channel = fields.optional("channel").map(JsonValue::string);
        boolean transactional = fields.optional("includeTransactional").map(JsonValue::bool).orElse(false);
        FrequencyCap.WhenReached whenReached = fields.optional("whenReached")
                .map(v -> Names.parse(v, FrequencyCap.WhenReached.class)).orElse(FrequencyCap.WhenReached.SKIP);
        Duration maxDeferral = fields.optional("maxDeferral").map(JsonValue::duration).orElse(Duration.ZERO);
        return value.build(() -> new FrequencyCap(maxSends, window, channel, transactional, whenReached,
                maxDeferral));
    }

    private static ObjectNode writeQuietHours(QuietHours hours, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.put("start", hours.start().toString());
        object.put("end", hours.end().toString());
        if (!hours.maxDeferral().equals(DEFAULT_QUIET_DEFERRAL)) {
            object.put("maxDeferral", Durations.write(hours.maxDeferral()));
        }
        return object;
    }

    private static QuietHours readQuietHours(JsonValue value) {
        JsonFields fields = value.object(List.of("start", "end", "maxDeferral"));
        LocalTime start = fields.required("start").time();
        LocalTime end = fields.required("end").time();
        Duration maxDeferral = fields.optional("maxDeferral").map(JsonValue::duration).orElse(DEFAULT_QUIET_DEFERRAL);
        return value.build(() -> new QuietHours(start, end, maxDeferral));
    }

    private static ObjectNode writePausing(Pausing pausing, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (!pausing.pauseWhen().isEmpty()) {
            object.set("pauseWhen", ConditionJson.writeTriggers(pausing.pauseWhen(), path.field("pauseWhen")));
        }
        if (!pausing.resumeWhen().isEmpty()) {
            object.set("resumeWhen", ConditionJson.writeTriggers(pausing.resumeWhen(), path.field("resumeWhen")));
        }
        return object;
    }

    private static Pausing readPausing(JsonValue value) {
        JsonFields fields = value.object(List.of("pauseWhen", "resumeWhen"));
        List<Trigger> pauseWhen = ConditionJson.readTriggers(fields, "pauseWhen");
        List<Trigger> resumeWhen = ConditionJson.readTriggers(fields, "resumeWhen");
        return new Pausing(pauseWhen, resumeWhen);
    }

    private static ObjectNode writeRateLimit(EntryRateLimit limit, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        object.put("maxEntries", limit.maxEntries());
        object.put("per", Durations.write(limit.per()));
        if (limit.overflow() != EntryRateLimit.Overflow.QUEUE) {
            object.put("overflow", Names.of(limit.overflow()));
        }
        return object;
    }

    private static EntryRateLimit readRateLimit(JsonValue value) {
        JsonFields fields = value.object(List.of("maxEntries", "per", "overflow"));
        int maxEntries = fields.required("maxEntries").integer();
        Duration per = fields.required("per").duration();
        EntryRateLimit.Overflow overflow = fields.optional("overflow")
                .map(v -> Names.parse(v, EntryRateLimit.Overflow.class)).orElse(EntryRateLimit.Overflow.QUEUE);
        return value.build(() -> new EntryRateLimit(maxEntries, per, overflow));
    }
}
