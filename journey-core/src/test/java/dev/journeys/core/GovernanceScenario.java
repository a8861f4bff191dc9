package dev.journeys.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A generated world for {@link GovernancePropertyTest}: journeys with every governance rule, the
 * engine's own caps and quiet hours, contacts in zones with daylight-saving changes, and a history
 * of operations (events, duplicated events, consent changes), delivered in order, shuffled or from
 * two threads.
 *
 * <p>Generated journeys are chains of sends (email, SMS or the preferred one of both; marketing or
 * transactional), fixed waits and waits for a {@value #POKE} event, that end or loop back to their
 * first step (always through a wait). Each is entered by {@code go} or {@code go.<id>}, stopped by
 * {@code stop} or {@code stop.<id>}, may be paused and resumed by {@code pause[.<id>]} and
 * {@code resume[.<id>]}, and has its own re-entry rule, caps and quiet hours.
 *
 * <p>Events carry no meaningful {@code occurredAt} (the engine works on its clock's time, not the
 * event's), so a repeated delivery is the very same event: same id, type, contact and payload.
 *
 * @param journeys the journeys, ids {@code j0}, {@code j1}, ...
 * @param engineCaps caps set on the engine
 * @param engineQuietHours quiet hours set on the engine, if any
 * @param contacts the contacts, ids {@code c0}, {@code c1}, ...
 * @param start when the run starts: a little before a daylight-saving change somewhere
 * @param ops what happens, in order, each after its delay
 * @param delivery how the ops reach the engine
 * @param seed seeds the shuffle, the split between threads and the flaky channel
 * @param flaky whether the channel fails some attempts (the engine then retries them)
 * @param retryBackoff the engine's wait before the first retry of a failed dispatch (three attempts in
 *     all), so a send stays in flight from a minute to a few hours
 */
record GovernanceScenario(List<JourneyDefinition> journeys, List<FrequencyCap> engineCaps,
                          Optional<QuietHours> engineQuietHours, List<Contact> contacts, Instant start, List<Op> ops,
                          Delivery delivery, long seed, boolean flaky, Duration retryBackoff) {

    /** The event type generated waits for an event wait for. */
    static final String POKE = "poke";
    /** An event type no journey reads. */
    static final String NOISE = "noise";
    static final List<String> CHANNELS = List.of("email", "sms");

    /** How the ops reach the engine. */
    enum Delivery {
        /** One thread, in the generated order. */
        IN_ORDER,
        /** One thread, the same ops shuffled (their delays stay where they were). */
        SHUFFLED,
        /** Ops grouped in rounds; in each round two threads accept events and run due work at once. */
        CONCURRENT
    }

    /** Something that happens to the engine or the directory, after {@code delayMinutes}. */
    sealed interface Op {
        int delayMinutes();

        /** Returns a copy with another delay (the shuffle keeps delays in place). */
        Op withDelay(int minutes);
    }

    /**
     * Feeds an event. With {@code atNextDue}, the op happens when the contact's next timer is due
     * (before the engine runs it), so a stop, pause or entry races the timer.
     */
    record Deliver(int delayMinutes, Event event, boolean atNextDue) implements Op {
        @Override
        public Op withDelay(int minutes) {
            return new Deliver(minutes, event, atNextDue);
        }
    }

    /** Grants or revokes a contact's consent to a channel in the directory. */
    record Consent(int delayMinutes, String contactId, String channel, boolean granted) implements Op {
        @Override
        public Op withDelay(int minutes) {
            return new Consent(minutes, contactId, channel, granted);
        }
    }

    /** Returns the journey with this id. */
    JourneyDefinition journey(String id) {
        return journeys.stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
    }

    /** Returns the contact with this id, as generated (before any consent change). */
    Contact contact(String id) {
        return contacts.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    /** Returns the quiet hours a journey's sends keep: its own, else the engine's. */
    Optional<QuietHours> quietHoursOf(String journeyId) {
        return journey(journeyId).quietHours().or(this::engineQuietHours);
    }

    /** Returns the category of a journey's send step. */
    MessageCategory categoryOf(String journeyId, String stepId) {
        return ((Step.Send) journey(journeyId).step(stepId).orElseThrow()).category();
    }

    /** Returns the ops in the order the delivery feeds them: shuffled with the seed for {@link Delivery#SHUFFLED}. */
    List<Op> ordered() {
        if (delivery != Delivery.SHUFFLED) {
            return ops;
        }
        List<Op> moved = new ArrayList<>(ops);
        Collections.shuffle(moved, new Random(seed));
        List<Op> ordered = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            ordered.add(moved.get(i).withDelay(ops.get(i).delayMinutes()));
        }
        return ordered;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("scenario (" + delivery + ", seed " + seed
                + (flaky ? ", flaky, first retry after " + retryBackoff : "")
                + ", start " + start + ")\n");
        for (JourneyDefinition j : journeys) {
            text.append("  ").append(j.id()).append(": entry ").append(((Entry.OnEvent) j.entry()).trigger())
                    .append(", exit ").append(j.exitTriggers()).append(", pausing ").append(j.pausing())
                    .append(", ").append(j.policies().reentry()).append(", caps ").append(j.caps())
                    .append(", ").append(j.quietHours().map(Object::toString).orElse("engine quiet hours"))
                    .append("\n    steps ").append(j.steps()).append('\n');
        }
        text.append("  engine caps ").append(engineCaps).append(", ")
                .append(engineQuietHours.map(Object::toString).orElse("no engine quiet hours")).append('\n');
        contacts.forEach(c -> text.append("  ").append(c.id()).append(' ').append(c.zone()).append(' ')
                .append(c.consents()).append(c.preferredChannel().map(p -> " prefers " + p).orElse(""))
                .append('\n'));
        text.append("  ops ").append(ops.stream().map(Object::toString).collect(Collectors.joining("\n      ")));
        return text.toString();
    }

    // ---------------------------------------------------------------- generators

    /**
     * What a property wants generated.
     *
     * @param deliveries the deliveries to choose from
     * @param flakyAllowed whether the channel may fail some attempts
     * @param flakyAlways whether it always does
     * @param maxJourneys the most journeys
     * @param maxContacts the most contacts
     * @param maxOps the most ops
     * @param clockChanges whether most contacts live in a zone whose clock changes during the run
     */
    record Shape(List<Delivery> deliveries, boolean flakyAllowed, boolean flakyAlways, int maxJourneys,
                 int maxContacts, int maxOps, boolean clockChanges) {
    }

    /** A start a day or two before a daylight-saving change, and the zones whose clocks change then. */
    private record Anchor(Instant start, List<ZoneId> changing) {
    }

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId ST_JOHNS = ZoneId.of("America/St_Johns");
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");
    private static final ZoneId CHATHAM = ZoneId.of("Pacific/Chatham");

    private static final List<Anchor> STARTS = List.of(
            new Anchor(Instant.parse("2026-03-07T12:00:00Z"), List.of(CHICAGO, ST_JOHNS)),   // spring forward 03-08
            new Anchor(Instant.parse("2026-03-28T12:00:00Z"), List.of(BERLIN)),              // spring forward 03-29
            new Anchor(Instant.parse("2026-04-04T00:00:00Z"), List.of(LORD_HOWE, CHATHAM)),  // fall back 04-05
            new Anchor(Instant.parse("2026-09-26T06:00:00Z"), List.of(CHATHAM)),             // spring forward 09-27
            new Anchor(Instant.parse("2026-10-24T12:00:00Z"), List.of(BERLIN)),              // fall back 10-25
            new Anchor(Instant.parse("2026-10-31T12:00:00Z"), List.of(CHICAGO, ST_JOHNS)));  // fall back 11-01

    private static final List<ZoneId> ZONES = List.of(CHICAGO, BERLIN, ST_JOHNS, LORD_HOWE, CHATHAM,
            ZoneId.of("Asia/Kolkata"), ZoneId.of("UTC"));

    /** Local times for quiet-window edges, biased towards the hours clocks skip or repeat. */
    private static final List<LocalTime> EDGES = List.of(LocalTime.of(21, 0), LocalTime.of(22, 0),
            LocalTime.of(23, 30), LocalTime.of(0, 30), LocalTime.of(1, 0), LocalTime.of(1, 30), LocalTime.of(1, 45),
            LocalTime.of(2, 0), LocalTime.of(2, 30), LocalTime.of(2, 45), LocalTime.of(3, 0), LocalTime.of(3, 30),
            LocalTime.of(6, 0), LocalTime.of(8, 0), LocalTime.of(12, 0), LocalTime.of(14, 0));

    /** Integers spread evenly (jqwik's default leans towards the shrinking target, here the minimum). */
    private static Arbitrary<Integer> uniform(int min, int max) {
        return Arbitraries.integers().between(min, max).withDistribution(RandomDistribution.uniform());
    }

    static Arbitrary<GovernanceScenario> scenarios(Shape shape) {
        Arbitrary<List<JourneyDefinition>> journeys = uniform(1, shape.maxJourneys())
                .flatMap(n -> Combinators.combine(IntStream.range(0, n)
                        .mapToObj(GovernanceScenario::journey).toList()).as(list -> list));
        Arbitrary<List<FrequencyCap>> engineCaps = cap().list().ofMaxSize(2);
        Arbitrary<Optional<QuietHours>> engineQuiet = quietHours().optional(0.5);
        Arbitrary<Anchor> start = Arbitraries.of(STARTS);
        Arbitrary<Delivery> delivery = Arbitraries.of(shape.deliveries());
        Arbitrary<Boolean> flaky = shape.flakyAlways() ? Arbitraries.just(true)
                : shape.flakyAllowed() ? Arbitraries.of(true, false) : Arbitraries.just(false);
        Arbitrary<Duration> backoff = Arbitraries.of(Duration.ofMinutes(1), Duration.ofMinutes(20), Duration.ofHours(2));
        return Combinators.combine(journeys, engineCaps, engineQuiet, start, delivery, flaky,
                        Arbitraries.longs(), uniform(1, shape.maxContacts()))
                .flatAs((js, caps, quiet, at, how, isFlaky, seed, contactCount) ->
                        Combinators.combine(contacts(contactCount, shape.clockChanges() ? at.changing() : ZONES),
                                        ops(js, contactCount, shape.maxOps()), backoff)
                                .as((cs, os, retry) -> new GovernanceScenario(js, caps, quiet, cs, at.start(), os, how,
                                        seed, isFlaky, retry)));
    }

    static Arbitrary<FrequencyCap> cap() {
        return Combinators.combine(uniform(1, 3),
                        Arbitraries.of(Duration.ofMinutes(45), Duration.ofHours(3), Duration.ofHours(12),
                                Duration.ofDays(1), Duration.ofDays(3)),
                        Arbitraries.of("email", "sms", "all"), uniform(0, 3))
                .as((max, window, channel, transactional) -> {
                    FrequencyCap cap = FrequencyCap.of(max, window);
                    cap = channel.equals("all") ? cap : cap.onChannel(channel);
                    return transactional == 0 ? cap.includingTransactional() : cap;
                });
    }

    static Arbitrary<QuietHours> quietHours() {
        return Combinators.combine(Arbitraries.of(EDGES), Arbitraries.of(EDGES),
                        Arbitraries.of(Duration.ofMinutes(30), Duration.ofHours(3), Duration.ofHours(12),
                                Duration.ofDays(1), Duration.ofDays(2)))
                .filter((from, to, max) -> !from.equals(to))
                .as((from, to, max) -> QuietHours.between(from, to).withMaxDeferral(max));
    }

    static Arbitrary<ReentryRule> reentryRule() {
        return Combinators.combine(Arbitraries.of(ReentryRule.never(), ReentryRule.afterExit(), ReentryRule.always()),
                        uniform(0, 4), uniform(5, 24 * 60),
                        uniform(1, 4))
                .as((rule, variant, minutes, max) -> switch (variant) {
                    case 0, 1 -> rule;
                    case 2 -> rule.withCoolDownSinceEntry(Duration.ofMinutes(minutes));
                    case 3 -> rule.withCoolDownSinceExit(Duration.ofMinutes(minutes));
                    default -> rule.withMaxEntries(max);
                });
    }

    /** The kind of one step of a generated chain. */
    private enum Kind { SEND, WAIT, AWAIT }

    private record StepSpec(Kind kind, int channel, boolean transactional, int minutes) {
    }

    private static Arbitrary<StepSpec> stepSpec() {
        return Combinators.combine(Arbitraries.of(Kind.SEND, Kind.SEND, Kind.WAIT, Kind.WAIT, Kind.AWAIT),
                        uniform(0, 4), uniform(0, 3),
                        Arbitraries.frequencyOf(
                                Tuple.of(3, uniform(10, 60)),
                                Tuple.of(2, uniform(61, 12 * 60))))
                .as((kind, channel, transactional, minutes) -> new StepSpec(kind, channel, transactional == 0, minutes));
    }

    static Arbitrary<JourneyDefinition> journey(int index) {
        String id = "j" + index;
        Arbitrary<List<StepSpec>> steps = stepSpec().list().ofMinSize(1).ofMaxSize(5);
        Arbitrary<List<FrequencyCap>> caps = cap().list().ofMaxSize(2);
        Arbitrary<Optional<QuietHours>> quiet = quietHours().optional(0.35);
        return Combinators.combine(steps, uniform(0, 5), reentryRule(), caps, quiet, uniform(0, 5), uniform(0, 3),
                        uniform(0, 2))
                .as((specs, shape, rule, journeyCaps, ownQuiet, entry, stop, pausing) -> {
                    boolean loop = shape < 4;             // two in three loop back to their first step
                    boolean sendFirst = shape % 2 == 0;   // half start with a send, so an entry sends at once
                    List<StepSpec> chain = new ArrayList<>(specs);
                    if (chain.stream().noneMatch(s -> s.kind() == Kind.SEND)
                            || sendFirst && chain.get(0).kind() != Kind.SEND) {
                        chain.add(0, new StepSpec(Kind.SEND, 0, false, 0));
                    }
                    if (loop && chain.stream().noneMatch(s -> s.kind() != Kind.SEND)) {
                        chain.add(new StepSpec(Kind.WAIT, 0, false, 30));
                    }
                    List<Step> built = new ArrayList<>();
                    for (int i = 0; i < chain.size(); i++) {
                        Optional<String> next = i + 1 < chain.size() ? Optional.of("s" + (i + 1))
                                : loop ? Optional.of("s0") : Optional.empty();
                        built.add(step("s" + i, id, chain.get(i), next));
                    }
                    String entryType = switch (entry) {
                        case 0, 1, 2 -> "go";
                        case 3, 4 -> "go." + id;
                        default -> "stop";   // a stop of one journey may start another (or restart this one)
                    };
                    Trigger exit = Trigger.on(stop == 0 ? "stop." + id : "stop");
                    Pausing pause = switch (pausing) {
                        case 0 -> Pausing.none();
                        case 1 -> new Pausing(List.of(Trigger.on("pause")), List.of(Trigger.on("resume")));
                        default -> new Pausing(List.of(Trigger.on("pause." + id)), List.of(Trigger.on("resume." + id)));
                    };
                    JourneyPolicies own = JourneyPolicies.defaults().withReentry(rule).withCaps(journeyCaps)
                            .withPausing(pause);
                    JourneyPolicies policies = ownQuiet.map(own::withQuietHours).orElse(own);
                    return new JourneyDefinition(id, 1, id, new Entry.OnEvent(Trigger.on(entryType)), "s0", built,
                            List.of(exit), Optional.empty(), policies);
                });
    }

    private static Step step(String id, String journeyId, StepSpec spec, Optional<String> next) {
        return switch (spec.kind()) {
            case SEND -> {
                ChannelChoice channel = switch (spec.channel()) {
                    case 0, 1 -> ChannelChoice.of("email");
                    case 2, 3 -> ChannelChoice.of("sms");
                    default -> ChannelChoice.preferred("sms", "email");
                };
                yield new Step.Send(id, journeyId + "-" + id, channel, List.of(),
                        spec.transactional() ? MessageCategory.TRANSACTIONAL : MessageCategory.MARKETING, next);
            }
            case WAIT -> new Step.Wait(id, new Delay.Fixed(Duration.ofMinutes(spec.minutes())), next);
            case AWAIT -> new Step.WaitForEvent(id, Trigger.on(POKE), Optional.empty(),
                    Duration.ofMinutes(spec.minutes()), false, next, next);
        };
    }

    /** Returns contacts, three in four of them in one of the given zones, the others in any. */
    static Arbitrary<List<Contact>> contacts(int count, List<ZoneId> likely) {
        Arbitrary<ZoneId> zones = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(likely)),
                Tuple.of(1, Arbitraries.of(ZONES)));
        Arbitrary<Contact> one = Combinators.combine(zones, uniform(0, 5),
                        Arbitraries.of(Optional.<String>empty(), Optional.of("sms"), Optional.of("email")))
                .as((zone, consent, preferred) -> {
                    Contact contact = Contact.of("x").withZone(zone);
                    contact = switch (consent) {
                        case 0 -> contact;
                        case 1 -> contact.withConsent("email");
                        case 2 -> contact.withConsent("sms");
                        default -> contact.withConsent("email", "sms");
                    };
                    return preferred.map(contact::withPreferredChannel).orElse(contact);
                });
        return one.list().ofSize(count).map(list -> {
            List<Contact> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Contact c = list.get(i);
                named.add(new Contact("c" + i, c.attributes(), c.zone(), c.consents(), c.withdrawnConsents(),
                        c.preferredChannel()));
            }
            return named;
        });
    }

    /** What a generated op does. */
    private enum OpKind { REPEAT, CONSENT, ENTER, STOP, PAUSE, RESUME, POKE, NOISE }

    /** The raw material of one op, made concrete once the journeys' event types are known. */
    private record OpSpec(int delay, OpKind kind, int contact, int which, boolean atNextDue, boolean soon, int back) {
    }

    static Arbitrary<List<Op>> ops(List<JourneyDefinition> journeys, int contacts, int maxOps) {
        Arbitrary<Integer> delay = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.just(0)),
                Tuple.of(20, uniform(1, 5)),
                Tuple.of(35, uniform(6, 180)),
                Tuple.of(15, uniform(181, 24 * 60)));
        Arbitrary<OpKind> kind = Arbitraries.frequency(
                Tuple.of(30, OpKind.ENTER), Tuple.of(12, OpKind.REPEAT),
                Tuple.of(10, OpKind.CONSENT), Tuple.of(15, OpKind.STOP),
                Tuple.of(10, OpKind.PAUSE), Tuple.of(10, OpKind.RESUME),
                Tuple.of(8, OpKind.POKE), Tuple.of(3, OpKind.NOISE));
        Arbitrary<OpSpec> spec = Combinators.combine(delay, kind, uniform(0, contacts - 1), uniform(0, 7),
                        uniform(0, 4).map(n -> n == 0), uniform(0, 2).map(n -> n > 0), uniform(1, 6))
                .as(OpSpec::new);
        return spec.list().ofMinSize(4).ofMaxSize(maxOps).map(specs -> concrete(journeys, specs));
    }

    private static List<Op> concrete(List<JourneyDefinition> journeys, List<OpSpec> specs) {
        List<Op> ops = new ArrayList<>();
        List<JourneyDefinition> pausable = journeys.stream().filter(j -> !j.pausing().pauseWhen().isEmpty()).toList();
        int ids = 0;
        for (OpSpec spec : specs) {
            String contact = "c" + spec.contact();
            JourneyDefinition journey = journeys.get(spec.which() % journeys.size());
            OpKind kind = spec.kind();
            if (kind == OpKind.REPEAT) {   // the same event again, as delivered a few deliveries earlier
                List<Deliver> earlier = ops.stream().filter(Deliver.class::isInstance).map(Deliver.class::cast).toList();
                if (!earlier.isEmpty()) {
                    Deliver original = earlier.get(Math.max(0, earlier.size() - spec.back()));
                    ops.add(new Deliver(spec.delay(), original.event(), spec.atNextDue()));
                    continue;
                }
                kind = OpKind.ENTER;
            }
            if (kind == OpKind.CONSENT) {
                ops.add(new Consent(spec.delay(), contact, CHANNELS.get(spec.which() % 2), spec.which() >= 4));
                continue;
            }
            if ((kind == OpKind.PAUSE || kind == OpKind.RESUME) && !pausable.isEmpty()) {
                journey = pausable.get(spec.which() % pausable.size());
            }
            // Two in three stops and pauses come right after an entry into their journey, for the same contact,
            // at once, a minute later or when the contact's next timer or retry is due, so they race what the
            // entry started: a send in flight (a retry pending), a timer, a held send.
            boolean close = spec.soon() && (kind == OpKind.STOP || kind == OpKind.PAUSE);
            if (close) {
                String entry = ((Entry.OnEvent) journey.entry()).trigger().eventType();
                ops.add(new Deliver(spec.delay(), Event.of("e" + ids++, entry, contact, Instant.EPOCH), false));
            }
            String type = switch (kind) {
                case ENTER -> ((Entry.OnEvent) journey.entry()).trigger().eventType();
                case STOP -> journey.exitTriggers().get(0).eventType();
                case PAUSE -> journey.pausing().pauseWhen().isEmpty() ? "pause"
                        : journey.pausing().pauseWhen().get(0).eventType();
                case RESUME -> journey.pausing().resumeWhen().isEmpty() ? "resume"
                        : journey.pausing().resumeWhen().get(0).eventType();
                case POKE -> POKE;
                case NOISE -> NOISE;
                case REPEAT, CONSENT -> throw new AssertionError(kind);
            };
            ops.add(new Deliver(close ? spec.back() % 2 : spec.delay(),
                    Event.of("e" + ids++, type, contact, Instant.EPOCH), close ? spec.back() > 3 : spec.atNextDue()));
        }
        return ops;
    }
}
