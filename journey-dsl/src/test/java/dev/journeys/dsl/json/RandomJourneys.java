package dev.journeys.dsl.json;

import dev.journeys.core.AttributeType;
import dev.journeys.core.Attributes;
import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.CronExpression;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyPolicies;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Operator;
import dev.journeys.core.Pausing;
import dev.journeys.core.QuietHours;
import dev.journeys.core.Recurrence;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Schedule;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.Step;
import dev.journeys.core.TimeBounds;
import dev.journeys.core.Trigger;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Valid journeys and segments made from a seed, using every element of the model the JSON format
 * covers: every step, delay, channel choice, condition, operator and value type, every policy,
 * both entries with every kind of schedule, and text with quotes, escapes, controls and characters
 * outside the BMP. The same seed always gives the same journey. Steps only lead to later steps,
 * so no cycle needs a wait; clicks and opens name one of the first three sends, so the journey
 * tracks few facts.
 */
final class RandomJourneys {

    private static final List<String> TEXTS = List.of("welcome", "café ☕", "quote \" and \\ backslash",
            "line\nbreak\ttab", "emoji 😀 𝄞", "</script>", "\u0001\u001f control", "ünïcødé", "a'b", "{\"json\": 1}");
    private static final List<String> EVENTS = List.of("purchase", "link.clicked", "form.submitted", "ünïcødé event");
    private static final List<String> REGEXES = List.of("[^@]+@example\\.com", "a|b", "\\d{3}-\\d{4}", ".*", "(?i)gold");
    private static final List<String> CRONS = List.of("0 9 * * MON", "30 8 1,15 * *", "*/15 * * * *", "0 0 1 JAN *",
            "0 12 * * 1-5", "5 4 * * SUN");
    private static final List<String> ZONES = List.of("UTC", "Z", "Europe/Paris", "America/Chicago", "+05:30",
            "Asia/Kathmandu", "GMT+01:00");
    private static final String[] STEP_KINDS = {"send", "wait", "waitForEvent", "branch", "split", "action", "goal",
        "exit"};

    private final SplittableRandom random;
    private final List<String> sends = new ArrayList<>();
    private int names;
    private boolean existsOnly;

    private RandomJourneys(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Returns the valid journey a seed makes. */
    static JourneyDefinition journey(long seed) {
        return new RandomJourneys(seed).journey();
    }

    /** Returns the segments a seed makes; they check, and may declare attribute types. */
    static Segments segments(long seed) {
        return new RandomJourneys(seed).segments();
    }

    private JourneyDefinition journey() {
        int count = 1 + random.nextInt(12);
        List<String> ids = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(id());
            // Steps that end the path (exit, exiting goal) come last only.
            kinds.add(STEP_KINDS[random.nextInt(i == count - 1 ? STEP_KINDS.length : STEP_KINDS.length - 1)]);
            if (kinds.get(i).equals("send")) {
                sends.add(ids.get(i));
            }
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            steps.add(step(kinds.get(i), ids, i));
        }
        Entry entry = random.nextInt(3) == 0 ? segmentEntry() : new Entry.OnEvent(trigger(false));
        List<Trigger> exits = list(3, () -> trigger(false));
        Optional<JourneyGoal> goal = maybe(() -> new JourneyGoal(text(), trigger(false), random.nextBoolean()));
        JourneyPolicies policies = policies();
        // Branches and variants test the entry trigger's fields the journey keeps: keep every one they test.
        Set<String> tested = new LinkedHashSet<>();
        for (Step step : steps) {
            if (step instanceof Step.Branch branch) {
                branch.cases().forEach(c -> payloadFields(c.when(), tested));
            } else if (step instanceof Step.Send send) {
                send.variants().forEach(v -> payloadFields(v.when(), tested));
            }
        }
        if (!tested.isEmpty()) {
            entry = entry instanceof Entry.OnEvent ? entry : new Entry.OnEvent(trigger(false));
            tested.addAll(policies.triggerFields());
            policies = policies.withTriggerFields(List.copyOf(tested));
        }
        return new JourneyDefinition(id(), 1 + random.nextInt(Integer.MAX_VALUE), text(), entry, ids.get(0), steps,
                exits, goal, policies);
    }

    /** Adds the payload fields a condition tests of the event at hand (not of past events). */
    private static void payloadFields(Condition condition, Set<String> fields) {
        if (condition instanceof Condition.Attribute test && test.source() == Condition.Source.EVENT) {
            fields.add(test.name());
        } else if (condition instanceof Condition.AllOf all) {
            all.conditions().forEach(c -> payloadFields(c, fields));
        } else if (condition instanceof Condition.AnyOf any) {
            any.conditions().forEach(c -> payloadFields(c, fields));
        } else if (condition instanceof Condition.Not not) {
            payloadFields(not.condition(), fields);
        }
    }

    private Segments segments() {
        // With declared types, an attribute test must name a declared attribute of the right
        // type; tests for presence are checked against neither, so typed segments use only those.
        existsOnly = random.nextBoolean();
        Segments.Builder builder = Segments.builder();
        if (existsOnly) {
            for (AttributeType type : AttributeType.values()) {
                builder.attribute(text(), type);
            }
        }
        int count = random.nextInt(5);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = id();
            // A segment refers only to earlier ones, so there is no cycle.
            Condition definition = contactCondition(0, List.copyOf(ids));
            builder.segment(random.nextBoolean() ? Segment.of(id, definition) : new Segment(id, text(), definition));
            ids.add(id);
        }
        return builder.build();
    }

    private Step step(String kind, List<String> ids, int index) {
        String id = ids.get(index);
        Optional<String> next = index + 1 < ids.size() ? Optional.of(ids.get(index + 1)) : Optional.empty();
        Supplier<Optional<String>> later = () -> index + 1 < ids.size() && random.nextInt(4) > 0
                ? Optional.of(ids.get(index + 1 + random.nextInt(ids.size() - index - 1))) : Optional.empty();
        return switch (kind) {
            case "send" -> {
                MessageCategory category = random.nextBoolean() ? MessageCategory.MARKETING : MessageCategory.TRANSACTIONAL;
                ChannelChoice channel = random.nextBoolean() ? ChannelChoice.of(text())
                        : new ChannelChoice.Preferred(list1(3, this::text));
                yield new Step.Send(id, text(), channel, list(3, () -> new ContentVariant(condition(0), text())),
                        category, random.nextBoolean() ? category.defaultPurpose() : text(), list(3, this::text), next);
            }
            case "wait" -> new Step.Wait(id, switch (random.nextInt(3)) {
                case 0 -> new Delay.Fixed(duration());
                case 1 -> new Delay.UntilInstant(instant(), random.nextBoolean() ? Delay.IfPassed.CONTINUE
                        : Delay.IfPassed.EXIT);
                default -> new Delay.UntilTimeOfDay(time());
            }, next);
            case "waitForEvent" -> new Step.WaitForEvent(id, trigger(true), maybe(this::sendStep)
                    .flatMap(s -> s), duration(), random.nextBoolean(), next, later.get());
            case "branch" -> {
                List<Step.Case> cases = new ArrayList<>(list(3, () -> new Step.Case(condition(0), later.get())));
                cases.add(0, new Step.Case(condition(0), next));
                cases.add(new Step.Case(Condition.always(), later.get()));
                yield new Step.Branch(id, cases);
            }
            case "split" -> {
                List<Step.SplitPath> paths = new ArrayList<>(list(3, () -> new Step.SplitPath(text(),
                        1 + random.nextInt(1000), later.get())));
                paths.add(0, new Step.SplitPath(text(), 1 + random.nextInt(1000), next));
                yield new Step.Split(id, paths);
            }
            case "action" -> new Step.Action(id, text(), attributes(), next);
            case "goal" -> {
                boolean exit = next.isEmpty() && random.nextBoolean();
                yield new Step.Goal(id, text(), exit, next);
            }
            case "exit" -> new Step.Exit(id, text());
            default -> throw new AssertionError(kind);
        };
    }

    private Optional<String> sendStep() {
        return sends.isEmpty() ? Optional.empty() : Optional.of(sends.get(random.nextInt(Math.min(3, sends.size()))));
    }

    private Entry segmentEntry() {
        return new Entry.FromSegment(text(), maybe(() -> {
            Instant start = Instant.ofEpochSecond(random.nextLong(0, 4_102_444_800L), random.nextInt(3) == 0
                    ? random.nextInt(1_000_000_000) : 0);
            Optional<Recurrence> recurrence = maybe(() -> random.nextBoolean() ? new Recurrence.Every(duration())
                    : new Recurrence.Cron(CronExpression.parse(pick(CRONS)), ZoneId.of(pick(ZONES))));
            Optional<Instant> end = maybe(() -> start.plus(Duration.ofSeconds(random.nextLong(0, 100_000_000L))));
            return new Schedule(start, recurrence, end);
        }));
    }

    private JourneyPolicies policies() {
        if (random.nextInt(4) == 0) {
            return JourneyPolicies.defaults();
        }
        ReentryRule reentry = new ReentryRule(ReentryRule.Mode.values()[random.nextInt(3)],
                random.nextBoolean() ? Duration.ZERO : duration(),
                ReentryRule.CoolDownFrom.values()[random.nextInt(2)],
                random.nextBoolean() ? Integer.MAX_VALUE : 1 + random.nextInt(10));
        List<FrequencyCap> caps = list(3, () -> {
            FrequencyCap.WhenReached when = FrequencyCap.WhenReached.values()[random.nextInt(3)];
            return new FrequencyCap(1 + random.nextInt(100), duration(), maybe(this::text), random.nextBoolean(), when,
                    when == FrequencyCap.WhenReached.DEFER ? duration() : Duration.ZERO);
        });
        Optional<QuietHours> quiet = maybe(() -> {
            LocalTime start = time();
            LocalTime end = start.plusMinutes(1 + random.nextInt(1439));
            return new QuietHours(start, end, random.nextBoolean() ? Duration.ofDays(1)
                    : Duration.ofSeconds(random.nextLong(0, 1_000_000)));
        });
        Pausing pausing = new Pausing(list(2, () -> trigger(false)), list(2, () -> trigger(false)));
        Optional<EntryRateLimit> limit = maybe(() -> new EntryRateLimit(1 + random.nextInt(1000), duration(),
                EntryRateLimit.Overflow.values()[random.nextInt(2)]));
        return new JourneyPolicies(reentry, caps, quiet, pausing, list(2, () -> contactCondition(0, List.of())),
                list(2, () -> contactCondition(0, List.of())), limit, list(3, this::text));
    }

    private Trigger trigger(boolean allowInstance) {
        return new Trigger(pick(EVENTS), random.nextBoolean() ? Condition.always()
                : allowInstance ? condition(1) : payloadOrContact(1));
    }

    /** Any condition, about the contact, the event or the instance. */
    private Condition condition(int depth) {
        int kind = random.nextInt(depth >= 3 ? 7 : 10);
        return switch (kind) {
            case 0, 1 -> attributeTest(Condition.Source.CONTACT);
            case 2 -> attributeTest(Condition.Source.EVENT);
            case 3 -> sendStep().<Condition>map(send -> new Condition.Clicked(send, maybe(() -> pick(List.of("shop",
                    "guide", "ünï")))) ).orElseGet(() -> Condition.inSegment(id()));
            case 4 -> sendStep().<Condition>map(Condition.Opened::new).orElseGet(Condition::always);
            case 5 -> new Condition.HappenedSinceEntry(pick(EVENTS), random.nextBoolean() ? Condition.always()
                    : Condition.payload("sku").isEqualTo(pick(List.of("a", "b"))));
            case 6 -> hadEvent(depth);
            case 7 -> new Condition.AllOf(list(3, () -> condition(depth + 1)));
            case 8 -> new Condition.AnyOf(list(3, () -> condition(depth + 1)));
            default -> new Condition.Not(condition(depth + 1));
        };
    }

    /** A condition on the event's payload and the contact, as a trigger's filter may be. */
    private Condition payloadOrContact(int depth) {
        return switch (random.nextInt(depth >= 3 ? 2 : 4)) {
            case 0 -> attributeTest(Condition.Source.CONTACT);
            case 1 -> attributeTest(Condition.Source.EVENT);
            case 2 -> new Condition.AllOf(list(3, () -> payloadOrContact(depth + 1)));
            default -> new Condition.Not(payloadOrContact(depth + 1));
        };
    }

    /** A condition about the contact alone, as exclusions, suppressions and segments must be. */
    private Condition contactCondition(int depth, List<String> segments) {
        return switch (random.nextInt(depth >= 3 ? 3 : 6)) {
            case 0 -> attributeTest(Condition.Source.CONTACT);
            case 1 -> hadEvent(depth);
            case 2 -> segments.isEmpty() ? Condition.always() : Condition.inSegment(pick(segments));
            case 3 -> new Condition.AllOf(list(3, () -> contactCondition(depth + 1, segments)));
            case 4 -> new Condition.AnyOf(list(3, () -> contactCondition(depth + 1, segments)));
            default -> new Condition.Not(contactCondition(depth + 1, segments));
        };
    }

    private Condition hadEvent(int depth) {
        int atLeast = random.nextBoolean() ? 0 : random.nextInt(5);
        int atMost = random.nextBoolean() ? Integer.MAX_VALUE : atLeast + random.nextInt(5);
        return new Condition.HadEvent(pick(EVENTS), random.nextBoolean() ? Condition.always()
                : attributeTest(Condition.Source.EVENT), atLeast, atMost, maybe(this::duration));
    }

    private Condition attributeTest(Condition.Source source) {
        Operator operator = existsOnly ? Operator.EXISTS : Operator.values()[random.nextInt(Operator.values().length)];
        Object expected = switch (operator) {
            case IN -> list(4, () -> value(1));
            case MATCHES -> pick(REGEXES);
            case EXISTS -> random.nextInt(4) == 0 ? value(0) : Boolean.TRUE;
            default -> value(0);
        };
        return new Condition.Attribute(source, text(), operator, expected);
    }

    private Attributes attributes() {
        Map<String, Object> values = new LinkedHashMap<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            values.put(random.nextInt(5) == 0 ? "" : text(), value(0));
        }
        return Attributes.of(values);
    }

    /** A value of every type attributes hold, with the edge cases of each. */
    private Object value(int depth) {
        return switch (random.nextInt(depth >= 2 ? 7 : 8)) {
            case 0 -> text();
            case 1 -> random.nextBoolean();
            case 2 -> switch (random.nextInt(4)) {
                case 0 -> Integer.MIN_VALUE;
                case 1 -> Integer.MAX_VALUE;
                default -> random.nextInt();
            };
            case 3 -> switch (random.nextInt(4)) {
                case 0 -> random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
                case 1 -> (long) random.nextInt();
                default -> random.nextLong();
            };
            case 4 -> switch (random.nextInt(6)) {
                case 0 -> -0.0;
                case 1 -> Double.MIN_VALUE;
                case 2 -> -Double.MAX_VALUE;
                case 3 -> (double) random.nextInt(1000);
                default -> (random.nextBoolean() ? 1 : -1) * random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            };
            case 5 -> new BigDecimal(BigInteger.valueOf(random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L)),
                    random.nextInt(-8, 12));
            case 6 -> switch (random.nextInt(4)) {
                case 0 -> TimeBounds.LATEST;
                case 1 -> TimeBounds.EARLIEST;
                default -> instant();
            };
            default -> list(4, () -> value(depth + 1));
        };
    }

    private Duration duration() {
        return switch (random.nextInt(4)) {
            case 0 -> Duration.ofDays(1 + random.nextInt(400));
            case 1 -> Duration.ofSeconds(1 + random.nextLong(10_000_000L));
            case 2 -> Duration.ofMillis(1 + random.nextLong(10_000_000L));
            default -> Duration.ofSeconds(random.nextLong(0, 100_000L), 1 + random.nextInt(999_999_999));
        };
    }

    private Instant instant() {
        return Instant.ofEpochMilli(random.nextLong(TimeBounds.EARLIEST.toEpochMilli(),
                TimeBounds.LATEST.toEpochMilli() + 1));
    }

    private LocalTime time() {
        return switch (random.nextInt(3)) {
            case 0 -> LocalTime.of(random.nextInt(24), random.nextInt(60));
            case 1 -> LocalTime.of(random.nextInt(24), random.nextInt(60), random.nextInt(60));
            default -> LocalTime.ofNanoOfDay(random.nextLong(LocalTime.MAX.toNanoOfDay()));
        };
    }

    /** A unique id: an ASCII letter or digit, then anything but white space and ':'. */
    private String id() {
        String tail = text().codePoints().filter(c -> c != ':' && !Character.isWhitespace(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "s" + names++ + (random.nextBoolean() ? "" : "-" + tail);
    }

    /** Text that is not blank: tricky samples, or random code points from every plane but surrogates. */
    private String text() {
        if (random.nextBoolean()) {
            return pick(TEXTS);
        }
        StringBuilder text = new StringBuilder("t");
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x20, 0x7f);
                case 1 -> random.nextInt(0x20);
                case 2 -> random.nextInt(0xa0, 0xd800);
                default -> random.nextInt(0x10000, 0x110000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private <T> Optional<T> maybe(Supplier<T> value) {
        return random.nextBoolean() ? Optional.of(value.get()) : Optional.empty();
    }

    private <T> List<T> list(int max, Supplier<T> element) {
        int size = random.nextInt(max + 1);
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(element.get());
        }
        return list;
    }

    private <T> List<T> list1(int max, Supplier<T> element) {
        List<T> list = new ArrayList<>(list(max - 1, element));
        list.add(element.get());
        return list;
    }
}
