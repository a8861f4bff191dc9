package dev.journeys.dsl.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.Delay;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Step;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of steps. A step is an object whose {@code kind} says which it is; its
 * {@code next} (or {@code onEvent}, {@code onTimeout}) names the step that follows, and is left
 * out where the path ends:
 *
 * <pre>{@code
 * {"kind": "send", "id": "guide", "message": "french-press-guide", "channel": {"kind": "fixed", "channel": "email"},
 *  "variants": [{"when": {...}, "message": "..."}], "category": "transactional", "purpose": "receipts",
 *  "fields": ["nearestStore"], "next": "two-days"}
 * {"kind": "wait", "id": "two-days", "delay": {"kind": "duration", "duration": "P2D"}, "next": "..."}
 * {"kind": "waitForEvent", "id": "await", "trigger": {...}, "aboutSend": "guide", "timeout": "P3D",
 *  "lookBack": true, "onEvent": "...", "onTimeout": "..."}
 * {"kind": "branch", "id": "clicked?", "cases": [{"when": {...}, "next": "..."}, {"next": "..."}]}
 * {"kind": "split", "id": "ab", "paths": [{"name": "a", "weight": 50, "next": "..."}, ...]}
 * {"kind": "action", "id": "task", "action": "create-task", "parameters": {"queue": "sales"}, "next": "..."}
 * {"kind": "goal", "id": "bought", "name": "purchase", "exit": true}
 * {"kind": "exit", "id": "done", "reason": "completed"}
 * }</pre>
 *
 * A branch case without {@code when} is the otherwise case. Internal to the JSON format.
 *
 * <p>Stateless and thread-safe.
 */
final class StepJson {

    /** Every step kind, in the order messages list them. */
    static final List<String> KINDS = List.of("send", "wait", "waitForEvent", "branch", "split", "action", "goal",
            "exit");
    /** Every delay kind of a wait. */
    static final List<String> DELAY_KINDS = List.of("duration", "instant", "timeOfDay");
    /** Every channel kind of a send. */
    static final List<String> CHANNEL_KINDS = List.of("fixed", "preferred");

    private StepJson() {
    }

    /** Returns the JSON form of a step. */
    static ObjectNode write(Step step, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (step instanceof Step.Send send) {
            object.put("kind", "send");
            object.put("id", send.id());
            object.put("message", send.message());
            object.set("channel", writeChannel(send.channel(), path.field("channel")));
            if (!send.variants().isEmpty()) {
                object.set("variants", writeVariants(send.variants(), path.field("variants")));
            }
            if (send.category() != MessageCategory.MARKETING) {
                object.put("category", Names.of(send.category()));
            }
            if (!send.purpose().equals(send.category().defaultPurpose())) {
                object.put("purpose", send.purpose());
            }
            if (!send.fields().isEmpty()) {
                ArrayNode fields = object.putArray("fields");
                send.fields().forEach(fields::add);
            }
            send.next().ifPresent(next -> object.put("next", next));
        } else if (step instanceof Step.Wait wait) {
            object.put("kind", "wait");
            object.put("id", wait.id());
            object.set("delay", writeDelay(wait.delay(), path.field("delay")));
            wait.next().ifPresent(next -> object.put("next", next));
        } else if (step instanceof Step.WaitForEvent wait) {
            object.put("kind", "waitForEvent");
            object.put("id", wait.id());
            object.set("trigger", ConditionJson.writeTrigger(wait.trigger(), path.field("trigger")));
            wait.aboutSend().ifPresent(send -> object.put("aboutSend", send));
            object.put("timeout", Durations.write(wait.timeout()));
            if (wait.lookBack()) {
                object.put("lookBack", true);
            }
            wait.onEvent().ifPresent(next -> object.put("onEvent", next));
            wait.onTimeout().ifPresent(next -> object.put("onTimeout", next));
        } else if (step instanceof Step.Branch branch) {
            object.put("kind", "branch");
            object.put("id", branch.id());
            object.set("cases", writeCases(branch.cases(), path.field("cases")));
        } else if (step instanceof Step.Split split) {
            object.put("kind", "split");
            object.put("id", split.id());
            object.set("paths", writePaths(split.paths(), path.field("paths")));
        } else if (step instanceof Step.Action action) {
            object.put("kind", "action");
            object.put("id", action.id());
            object.put("action", action.action());
            if (!action.parameters().isEmpty()) {
                object.set("parameters", AttributeValues.writeAll(action.parameters(), path.field("parameters")));
            }
            action.next().ifPresent(next -> object.put("next", next));
        } else if (step instanceof Step.Goal goal) {
            object.put("kind", "goal");
            object.put("id", goal.id());
            object.put("name", goal.name());
            if (goal.exit()) {
                object.put("exit", true);
            }
            goal.next().ifPresent(next -> object.put("next", next));
        } else if (step instanceof Step.Exit exit) {
            object.put("kind", "exit");
            object.put("id", exit.id());
            object.put("reason", exit.reason());
        } else {
            throw new AssertionError(step);
        }
        return object;
    }

    /** Returns the step a JSON object stands for. */
    static Step read(JsonValue value) {
        String kind = value.kind(KINDS);
        switch (kind) {
            case "send" -> {
                JsonFields fields = value.object(List.of("kind", "id", "message", "channel", "variants", "category",
                        "purpose", "fields", "next"));
                String id = fields.required("id").string();
                String message = fields.required("message").string();
                ChannelChoice channel = readChannel(fields.required("channel"));
                List<ContentVariant> variants = fields.list("variants").stream().map(StepJson::readVariant).toList();
                MessageCategory category = fields.optional("category")
                        .map(c -> Names.parse(c, MessageCategory.class)).orElse(MessageCategory.MARKETING);
                String purpose = fields.optional("purpose").map(JsonValue::string).orElse(category.defaultPurpose());
                List<String> personalisation = fields.list("fields").stream().map(JsonValue::string).toList();
                Optional<String> next = next(fields, "next");
                return value.build(() -> new Step.Send(id, message, channel, variants, category, purpose,
                        personalisation, next));
            }
            case "wait" -> {
                JsonFields fields = value.object(List.of("kind", "id", "delay", "next"));
                String id = fields.required("id").string();
                Delay delay = readDelay(fields.required("delay"));
                Optional<String> next = next(fields, "next");
                return value.build(() -> new Step.Wait(id, delay, next));
            }
            case "waitForEvent" -> {
                JsonFields fields = value.object(List.of("kind", "id", "trigger", "aboutSend", "timeout", "lookBack",
                        "onEvent", "onTimeout"));
                String id = fields.required("id").string();
                var trigger = ConditionJson.readTrigger(fields.required("trigger"));
                Optional<String> aboutSend = next(fields, "aboutSend");
                Duration timeout = fields.required("timeout").duration();
                boolean lookBack = fields.optional("lookBack").map(JsonValue::bool).orElse(false);
                Optional<String> onEvent = next(fields, "onEvent");
                Optional<String> onTimeout = next(fields, "onTimeout");
                return value.build(() -> new Step.WaitForEvent(id, trigger, aboutSend, timeout, lookBack, onEvent,
                        onTimeout));
            }
            case "branch" -> {
                JsonFields fields = value.object(List.of("kind", "id", "cases"));
                String id = fields.required("id").string();
                List<Step.Case> cases = fields.required("cases").array().stream().map(StepJson::readCase).toList();
                return value.build(() -> new Step.Branch(id, cases));
            }
            case "split" -> {
                JsonFields fields = value.object(List.of("kind", "id", "paths"));
                String id = fields.required("id").string();
                List<Step.SplitPath> paths = fields.required("paths").array().stream().map(StepJson::readPath)
                        .toList();
                return value.build(() -> new Step.Split(id, paths));
            }
            case "action" -> {
                JsonFields fields = value.object(List.of("kind", "id", "action", "parameters", "next"));
                String id = fields.required("id").string();
                String action = fields.required("action").string();
                var parameters = fields.optional("parameters").map(AttributeValues::readAll)
                        .orElse(dev.journeys.core.Attributes.empty());
                Optional<String> next = next(fields, "next");
                return value.build(() -> new Step.Action(id, action, parameters, next));
            }
            case "goal" -> {
                JsonFields fields = value.object(List.of("kind", "id", "name", "exit", "next"));
                String id = fields.required("id").string();
                String name = fields.required("name").string();
                boolean exit = fields.optional("exit").map(JsonValue::bool).orElse(false);
                Optional<String> next = next(fields, "next");
                return value.build(() -> new Step.Goal(id, name, exit, next));
            }
            case "exit" -> {
                JsonFields fields = value.object(List.of("kind", "id", "reason"));
                String id = fields.required("id").string();
                String reason = fields.required("reason").string();
                return value.build(() -> new Step.Exit(id, reason));
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static Optional<String> next(JsonFields fields, String name) {
        return fields.optional(name).map(JsonValue::string);
    }

    private static ObjectNode writeChannel(ChannelChoice channel, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (channel instanceof ChannelChoice.Fixed fixed) {
            object.put("kind", "fixed");
            object.put("channel", fixed.channel());
        } else if (channel instanceof ChannelChoice.Preferred preferred) {
            object.put("kind", "preferred");
            ArrayNode allowed = object.putArray("allowed");
            preferred.allowed().forEach(allowed::add);
        } else {
            throw new AssertionError(channel);
        }
        return object;
    }

    private static ChannelChoice readChannel(JsonValue value) {
        String kind = value.kind(CHANNEL_KINDS);
        if (kind.equals("fixed")) {
            String channel = value.object(List.of("kind", "channel")).required("channel").string();
            return value.build(() -> new ChannelChoice.Fixed(channel));
        }
        List<String> allowed = value.object(List.of("kind", "allowed")).required("allowed").array().stream()
                .map(JsonValue::string).toList();
        return value.build(() -> new ChannelChoice.Preferred(allowed));
    }

    private static ArrayNode writeVariants(List<ContentVariant> variants, JsonPath path) {
        ArrayNode array = JsonOut.array(path);
        for (int i = 0; i < variants.size(); i++) {
            JsonPath at = path.index(i);
            ObjectNode variant = JsonOut.object(at);
            variant.set("when", ConditionJson.write(variants.get(i).when(), at.field("when")));
            variant.put("message", variants.get(i).message());
            array.add(variant);
        }
        return array;
    }

    private static ContentVariant readVariant(JsonValue value) {
        JsonFields fields = value.object(List.of("when", "message"));
        Condition when = ConditionJson.read(fields.required("when"));
        String message = fields.required("message").string();
        return value.build(() -> new ContentVariant(when, message));
    }

    private static ObjectNode writeDelay(Delay delay, JsonPath path) {
        ObjectNode object = JsonOut.object(path);
        if (delay instanceof Delay.Fixed fixed) {
            object.put("kind", "duration");
            object.put("duration", Durations.write(fixed.duration()));
        } else if (delay instanceof Delay.UntilInstant until) {
            object.put("kind", "instant");
            object.put("instant", until.instant().toString());
            if (until.ifPassed() != Delay.IfPassed.CONTINUE) {
                object.put("ifPassed", Names.of(until.ifPassed()));
            }
        } else if (delay instanceof Delay.UntilTimeOfDay until) {
            object.put("kind", "timeOfDay");
            object.put("time", until.timeOfDay().toString());
        } else {
            throw new AssertionError(delay);
        }
        return object;
    }

    private static Delay readDelay(JsonValue value) {
        String kind = value.kind(DELAY_KINDS);
        switch (kind) {
            case "duration" -> {
                return new Delay.Fixed(value.object(List.of("kind", "duration")).required("duration").duration());
            }
            case "instant" -> {
                JsonFields fields = value.object(List.of("kind", "instant", "ifPassed"));
                return new Delay.UntilInstant(fields.required("instant").instant(), fields.optional("ifPassed")
                        .map(v -> Names.parse(v, Delay.IfPassed.class)).orElse(Delay.IfPassed.CONTINUE));
            }
            case "timeOfDay" -> {
                return new Delay.UntilTimeOfDay(value.object(List.of("kind", "time")).required("time").time());
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static ArrayNode writeCases(List<Step.Case> cases, JsonPath path) {
        ArrayNode array = JsonOut.array(path);
        for (int i = 0; i < cases.size(); i++) {
            JsonPath at = path.index(i);
            ObjectNode object = JsonOut.object(at);
            Step.Case c = cases.get(i);
            if (!c.when().equals(Condition.always())) {
                object.set("when", ConditionJson.write(c.when(), at.field("when")));
            }
            c.next().ifPresent(next -> object.put("next", next));
            array.add(object);
        }
        return array;
    }

    private static Step.Case readCase(JsonValue value) {
        JsonFields fields = value.object(List.of("when", "next"));
        Condition when = fields.optional("when").map(ConditionJson::read).orElse(Condition.always());
        return new Step.Case(when, next(fields, "next"));
    }

    private static ArrayNode writePaths(List<Step.SplitPath> paths, JsonPath path) {
        ArrayNode array = JsonOut.array(path);
        for (int i = 0; i < paths.size(); i++) {
            ObjectNode object = JsonOut.object(path.index(i));
            Step.SplitPath p = paths.get(i);
            object.put("name", p.name());
            object.put("weight", p.weight());
            p.next().ifPresent(next -> object.put("next", next));
            array.add(object);
        }
        return array;
    }

    private static Step.SplitPath readPath(JsonValue value) {
        JsonFields fields = value.object(List.of("name", "weight", "next"));
        String name = fields.required("name").string();
        int weight = fields.required("weight").integer();
        Optional<String> next = next(fields, "next");
        return value.build(() -> new Step.SplitPath(name, weight, next));
    }
}
