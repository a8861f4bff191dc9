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
 * <p>A {@link Feature} adds one more kind of governance on top: unsubscribes and consent given
 * again (sends then have several purposes), suppression or exclusion conditions on contact flags
 * that ops switch on and off in the directory, or entry rate limits.
 *
 * <p>Events carry no meaningful {@code occurredAt}: the run dates each delivery at the clock's time
 * (the engine refuses an event older than its maximum lateness), so a repeated delivery is the
 * very same event but for that time: same id, type, contact and payload.
 *
 * @param journeys the journeys, ids {@code j0}, {@code j1}, ...
 * @param engineCaps caps set on the engine
 * @param engineQuietHours quiet hours set on the engine, if any
 * @param engineSuppression suppressions set on the engine ({@link Feature#SUPPRESSION} only)
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
                          Optional<QuietHours> engineQuietHours, List<Condition> engineSuppression,
                          List<Contact> contacts, Instant start, List<Op> ops,
                          Delivery delivery, long seed, boolean flaky, Duration retryBackoff) {

    /** The event type generated waits for an event wait for. */
    static final String POKE = "poke";
    /** An event type no journey reads. */
    static final String NOISE = "noise";
    static final List<String> CHANNELS = List.of("email", "sms");
    /** The purpose some sends have instead of their category's ({@link Feature#UNSUBSCRIBE}). */
    static final String NEWSLETTER = "newsletter";
    /** The contact flag the engine's suppression reads ({@link Feature#SUPPRESSION}). */
    static final String DO_NOT_CONTACT = "doNotContact";
    /** The contact flag a journey's suppression reads ({@link Feature#SUPPRESSION}). */
    static final String COMPLAINT = "complaint";
    /** The contact flags journeys' exclusions read ({@link Feature#EXCLUSION}). */
    static final String EMPLOYEE = "employee";
    static final String CHURNED = "churned";

    /** The governance a property adds to the generated journeys, contacts and ops. */
    enum Feature {
        /** Only what every scenario has. */
        NONE,
        /**
         * Sends have one of several purposes; ops unsubscribe contacts (naming a channel, a channel
         * and a purpose, or only the message) and give consent back, often right after an entry.
         */
        UNSUBSCRIBE,
        /**
         * The engine suppresses contacts flagged {@value GovernanceScenario#DO_NOT_CONTACT}, some
         * journeys those flagged {@value GovernanceScenario#COMPLAINT}; ops switch the flags on and off.
         */
        SUPPRESSION,
        /**
         * Most journeys exclude contacts flagged {@value GovernanceScenario#EMPLOYEE},
         * {@value GovernanceScenario#CHURNED} or either; ops switch the flags on and off.
         */
        EXCLUSION,
        /** Journeys limit their entries, queueing or rejecting the excess; ops are mostly entries. */
        RATE_LIMIT;

        /** Returns the contact flags the feature's conditions read. */
        List<String> flags() {
            return switch (this) {
                case SUPPRESSION -> List.of(DO_NOT_CONTACT, COMPLAINT);
                case EXCLUSION -> List.of(EMPLOYEE, CHURNED);
                default -> List.of();
            };
        }
    }

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

    /**
     * Sets a contact flag in the directory. With {@code atNextDue}, it happens when the contact's
     * next timer is due (before the engine runs it), so the change races the step that timer starts.
     */
    record Flag(int delayMinutes, String contactId, String name, boolean value, boolean atNextDue) implements Op {
        @Override
        public Op withDelay(int minutes) {
            return new Flag(minutes, contactId, name, value, atNextDue);
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

    /**
     * Returns the consents an unsubscribe withdraws, as the README says: the channel its payload
     * names, else every channel the message's send step may use; for the purpose its payload
     * names, else for every purpose.
     */
    List<dev.journeys.core.Consent> withdrawnBy(Event unsubscribe) {
        Optional<String> purpose = unsubscribe.payload().string(Event.PURPOSE);
        List<String> channels = unsubscribe.payload().string(Event.CHANNEL).map(List::of).orElseGet(() -> {
            IdempotencyKey key = IdempotencyKey.parse(unsubscribe.messageId().orElseThrow()).orElseThrow();
            return ((Step.Send) journey(key.journeyId()).step(key.stepId()).orElseThrow()).channel().channels();
        });
        return channels.stream().map(channel -> new dev.journeys.core.Consent(channel, purpose)).toList();
    }

    /**
     * Returns whether a journey has a send that a withdrawal of the consent stops: one that may use
     * its channel, with its purpose (any, if the consent names none).
     */
    static boolean needs(JourneyDefinition journey, dev.journeys.core.Consent consent) {
        return journey.steps().stream().anyMatch(step -> step instanceof Step.Send send
                && send.channel().channels().contains(consent.channel())
                && consent.purpose().map(send.purpose()::equals).orElse(true));
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
                    .append(j.policies().exclusions().isEmpty() ? "" : ", excludes " + j.policies().exclusions())
                    .append(j.policies().suppression().isEmpty() ? "" : ", suppresses " + j.policies().suppression())
                    .append(j.policies().entryRateLimit().map(l -> ", " + l).orElse(""))
                    .append("\n    steps ").append(j.steps()).append('\n');
        }
        text.append("  engine caps ").append(engineCaps).append(", ")
                .append(engineQuietHours.map(Object::toString).orElse("no engine quiet hours"))
                .append(engineSuppression.isEmpty() ? "" : ", engine suppression " + engineSuppression).append('\n');
        contacts.forEach(c -> text.append("  ").append(c.id()).append(' ').append(c.zone()).append(' ')
                .append(c.consents()).append(c.preferredChannel().map(p -> " prefers " + p).orElse(""))
                .append(c.attributes().asMap().isEmpty() ? "" : " " + c.attributes().asMap())
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
     * @param feature the governance added on top
     */
    record Shape(List<Delivery> deliveries, boolean flakyAllowed, boolean flakyAlways, int maxJourneys,
                 int maxContacts, int maxOps, boolean clockChanges, Feature feature) {

        /** A shape with no added governance. */
        Shape(List<Delivery> deliveries, boolean flakyAllowed, boolean flakyAlways, int maxJourneys, int maxContacts,
              int maxOps, boolean clockChanges) {
            this(deliveries, flakyAllowed, flakyAlways, maxJourneys, maxContacts, maxOps, clockChanges, Feature.NONE);
        }
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
        Feature feature = shape.feature();
        Arbitrary<List<JourneyDefinition>> journeys = uniform(1, shape.maxJourneys())
                .flatMap(n -> Combinators.combine(IntStream.range(0, n)
                        .mapToObj(i -> feature == Feature.NONE ? journey(i) : journey(i).flatMap(j -> governed(j, feature)))
                        .toList()).as(list -> list));
        Arbitrary<List<FrequencyCap>> engineCaps = cap().list().ofMaxSize(2);
        Arbitrary<Optional<QuietHours>> engineQuiet = quietHours().optional(0.5);
        Arbitrary<Anchor> start = Arbitraries.of(STARTS);
        Arbitrary<Delivery> delivery = Arbitraries.of(shape.deliveries());
        Arbitrary<Boolean> flaky = shape.flakyAlways() ? Arbitraries.just(true)
                : shape.flakyAllowed() ? Arbitraries.of(true, false) : Arbitraries.just(false);
        Arbitrary<Duration> backoff = Arbitraries.of(Duration.ofMinutes(1), Duration.ofMinutes(20), Duration.ofHours(2));
        return Combinators.combine(journeys, engineCaps, engineQuiet, start, delivery, flaky,
                        Arbitraries.longs(), uniform(1, shape.maxContacts()))
                .flatAs((js, caps, quiet, at, how, isFlaky, seed, contactCount) -> {
                    Arbitrary<List<Contact>> cs = contacts(contactCount, shape.clockChanges() ? at.changing() : ZONES);
                    if (feature == Feature.NONE) {
                        return Combinators.combine(cs, ops(js, contactCount, shape.maxOps()), backoff)
                                .as((contacts, os, retry) -> new GovernanceScenario(js, caps, quiet, List.of(), contacts,
                                        at.start(), os, how, seed, isFlaky, retry));
                    }
                    // Without a journey of its own that suppresses, the engine always does.
                    Arbitrary<List<Condition>> suppression = feature != Feature.SUPPRESSION ? Arbitraries.just(List.of())
                            : js.stream().anyMatch(j -> !j.policies().suppression().isEmpty())
                            ? Arbitraries.of(List.of(), List.of(flagged(DO_NOT_CONTACT)))
                            : Arbitraries.just(List.of(flagged(DO_NOT_CONTACT)));
                    return Combinators.combine(cs.flatMap(list -> withFlags(list, feature.flags())),
                                    ops(js, contactCount, shape.maxOps(), feature), backoff, suppression)
                            .as((contacts, os, retry, engineSuppression) -> new GovernanceScenario(js, caps, quiet,
                                    engineSuppression, contacts, at.start(), os, how, seed, isFlaky, retry));
                });
    }

    /** The condition that a contact flag is set. */
    static Condition flagged(String flag) {
        return Condition.attribute(flag).isEqualTo(true);
    }

    /** Returns the flag names a condition of {@link #flagged} form reads, for a model of it. */
    static List<String> flagsOf(List<Condition> conditions) {
        return conditions.stream().map(c -> ((Condition.Attribute) c).name()).toList();
    }

    /** Sets each flag on a contact with probability one in four. */
    private static Arbitrary<List<Contact>> withFlags(List<Contact> contacts, List<String> flags) {
        if (flags.isEmpty()) {
            return Arbitraries.just(contacts);
        }
        return uniform(0, 3).list().ofSize(contacts.size() * flags.size()).map(draws -> {
            List<Contact> flagged = new ArrayList<>();
            for (int i = 0; i < contacts.size(); i++) {
                Attributes attributes = contacts.get(i).attributes();
                for (int f = 0; f < flags.size(); f++) {
                    attributes = attributes.with(flags.get(f), draws.get(i * flags.size() + f) == 0);
                }
                flagged.add(contacts.get(i).withAttributes(attributes));
            }
            return flagged;
        });
    }

    /** Adds a feature's governance to a generated journey. */
    private static Arbitrary<JourneyDefinition> governed(JourneyDefinition journey, Feature feature) {
        JourneyPolicies policies = journey.policies();
        boolean first = journey.id().equals("j0");
        return switch (feature) {
            case NONE -> Arbitraries.just(journey);
            case UNSUBSCRIBE -> uniform(0, 2).list().ofSize(journey.steps().size()).map(purposes -> {
                List<Step> steps = new ArrayList<>();
                for (int i = 0; i < journey.steps().size(); i++) {
                    Step step = journey.steps().get(i);
                    steps.add(step instanceof Step.Send send && purposes.get(i) == 2
                            ? new Step.Send(send.id(), send.message(), send.channel(), send.variants(), send.category(),
                            NEWSLETTER, send.next()) : step);
                }
                return new JourneyDefinition(journey.id(), journey.version(), journey.name(), journey.entry(),
                        journey.startStep(), steps, journey.exitTriggers(), journey.goal(), policies);
            });
            case SUPPRESSION -> Arbitraries.of(true, false).map(suppresses -> suppresses
                    ? journey.withPolicies(policies.withSuppression(flagged(COMPLAINT))) : journey);
            case EXCLUSION -> uniform(first ? 1 : 0, 3).map(which -> journey.withPolicies(switch (which) {
                case 0 -> policies;   // a journey that excludes no one, beside the others
                case 1 -> policies.withExclusion(flagged(EMPLOYEE));
                case 2 -> policies.withExclusion(flagged(CHURNED));
                default -> policies.withExclusion(flagged(EMPLOYEE)).withExclusion(flagged(CHURNED));
            }));
            case RATE_LIMIT -> Combinators.combine(uniform(first ? 1 : 0, 3), uniform(1, 3),
                            Arbitraries.of(Duration.ofMinutes(2), Duration.ofMinutes(15), Duration.ofHours(1),
                                    Duration.ofHours(4)), Arbitraries.of(true, false), Arbitraries.of(true, false))
                    .as((limited, max, per, rejecting, always) -> {
                        JourneyPolicies with = always ? policies.withReentry(ReentryRule.always()) : policies;
                        if (limited > 0) {
                            EntryRateLimit limit = EntryRateLimit.of(max, per);
                            with = with.withEntryRateLimit(rejecting ? limit.rejecting() : limit);
                        }
                        return journey.withPolicies(with);
                    });
        };
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
    private enum OpKind { REPEAT, CONSENT, ENTER, STOP, PAUSE, RESUME, POKE, NOISE, UNSUBSCRIBE, RESUBSCRIBE, FLAG }

    /**
     * The raw material of one op, made concrete once the journeys' event types are known;
     * {@code variant} picks among the forms of a feature's ops (0 without a feature).
     */
    private record OpSpec(int delay, OpKind kind, int contact, int which, boolean atNextDue, boolean soon, int back,
                          int variant) {
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
                .as((d, k, c, w, next, soon, back) -> new OpSpec(d, k, c, w, next, soon, back, 0));
        return spec.list().ofMinSize(4).ofMaxSize(maxOps).map(specs -> concrete(journeys, specs, Feature.NONE));
    }

    /** Ops for a feature: its own mix of kinds, and for rate limits entries close together. */
    static Arbitrary<List<Op>> ops(List<JourneyDefinition> journeys, int contacts, int maxOps, Feature feature) {
        Arbitrary<Integer> delay = feature == Feature.RATE_LIMIT
                ? Arbitraries.frequencyOf(
                        Tuple.of(45, Arbitraries.just(0)),
                        Tuple.of(30, uniform(1, 5)),
                        Tuple.of(20, uniform(6, 60)),
                        Tuple.of(5, uniform(61, 10 * 60)))
                : Arbitraries.frequencyOf(
                        Tuple.of(30, Arbitraries.just(0)),
                        Tuple.of(20, uniform(1, 5)),
                        Tuple.of(35, uniform(6, 180)),
                        Tuple.of(15, uniform(181, 24 * 60)));
        Arbitrary<OpKind> kind = switch (feature) {
            case UNSUBSCRIBE -> Arbitraries.frequency(
                    Tuple.of(25, OpKind.ENTER), Tuple.of(12, OpKind.REPEAT),
                    Tuple.of(4, OpKind.CONSENT), Tuple.of(8, OpKind.STOP),
                    Tuple.of(5, OpKind.PAUSE), Tuple.of(5, OpKind.RESUME),
                    Tuple.of(6, OpKind.POKE), Tuple.of(2, OpKind.NOISE),
                    Tuple.of(22, OpKind.UNSUBSCRIBE), Tuple.of(11, OpKind.RESUBSCRIBE));
            case SUPPRESSION, EXCLUSION -> Arbitraries.frequency(
                    Tuple.of(28, OpKind.ENTER), Tuple.of(10, OpKind.REPEAT),
                    Tuple.of(3, OpKind.CONSENT), Tuple.of(6, OpKind.STOP),
                    Tuple.of(5, OpKind.PAUSE), Tuple.of(5, OpKind.RESUME),
                    Tuple.of(10, OpKind.POKE), Tuple.of(1, OpKind.NOISE),
                    Tuple.of(32, OpKind.FLAG));
            case RATE_LIMIT -> Arbitraries.frequency(
                    Tuple.of(55, OpKind.ENTER), Tuple.of(12, OpKind.REPEAT),
                    Tuple.of(3, OpKind.CONSENT), Tuple.of(15, OpKind.STOP),
                    Tuple.of(3, OpKind.PAUSE), Tuple.of(3, OpKind.RESUME),
                    Tuple.of(7, OpKind.POKE), Tuple.of(2, OpKind.NOISE));
            case NONE -> throw new IllegalArgumentException("no feature");
        };
        Arbitrary<OpSpec> spec = Combinators.combine(delay, kind, uniform(0, contacts - 1), uniform(0, 7),
                        uniform(0, 4).map(n -> n == 0), uniform(0, 2).map(n -> n > 0), uniform(1, 6), uniform(0, 11))
                .as(OpSpec::new);
        return spec.list().ofMinSize(4).ofMaxSize(maxOps).map(specs -> concrete(journeys, specs, feature));
    }

    private static List<Op> concrete(List<JourneyDefinition> journeys, List<OpSpec> specs, Feature feature) {
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
            if (kind == OpKind.RESUBSCRIBE) {   // consent to what one of the journey's sends needs, or to a channel
                Step.Send send = sends(journey).get(spec.variant() % sends(journey).size());
                List<String> channels = send.channel().channels();
                String channel = spec.which() >= 6 ? CHANNELS.get(spec.which() % 2)
                        : channels.get(spec.which() % channels.size());
                dev.journeys.core.Consent given = spec.variant() % 3 == 0
                        ? dev.journeys.core.Consent.to(channel, send.purpose()) : dev.journeys.core.Consent.to(channel);
                ops.add(new Deliver(spec.delay(), Event.consentGiven("e" + ids++, contact, Instant.EPOCH, given),
                        spec.atNextDue()));
                if (spec.soon()) {   // and two in three times an entry into the journey soon after
                    ops.add(new Deliver(spec.back() % 2, Event.of("e" + ids++, ((Entry.OnEvent) journey.entry())
                            .trigger().eventType(), contact, Instant.EPOCH), false));
                }
                continue;
            }
            if ((kind == OpKind.PAUSE || kind == OpKind.RESUME) && !pausable.isEmpty()) {
                journey = pausable.get(spec.which() % pausable.size());
            }
            // Two in three stops and pauses (and unsubscribes and flag changes) come right after an entry into
            // their journey, for the same contact, at once, a minute later or when the contact's next timer or
            // retry is due, so they race what the entry started: a send in flight (a retry pending), a timer, a
            // held send.
            boolean close = spec.soon() && (kind == OpKind.STOP || kind == OpKind.PAUSE || kind == OpKind.UNSUBSCRIBE
                    || kind == OpKind.FLAG);
            if (close) {
                String entry = ((Entry.OnEvent) journey.entry()).trigger().eventType();
                ops.add(new Deliver(spec.delay(), Event.of("e" + ids++, entry, contact, Instant.EPOCH), false));
            }
            int delay = close ? spec.back() % 2 : spec.delay();
            boolean atNextDue = close ? spec.back() > 3 : spec.atNextDue();
            if (kind == OpKind.FLAG) {
                List<String> flags = new ArrayList<>(GovernanceScenario.flagsOf(journey.policies().exclusions()));
                flags.addAll(GovernanceScenario.flagsOf(journey.policies().suppression()));
                List<String> names = close && !flags.isEmpty() && spec.variant() % 3 != 0 ? flags : feature.flags();
                boolean on = close ? spec.variant() / 2 % 4 != 0 : spec.variant() / 2 % 2 == 0;
                ops.add(new Flag(delay, contact, names.get(spec.variant() % names.size()), on, atNextDue));
                continue;
            }
            if (kind == OpKind.UNSUBSCRIBE) {
                ops.add(new Deliver(delay, unsubscribe("e" + ids++, contact, journey, spec), atNextDue));
                continue;
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
                case REPEAT, CONSENT, UNSUBSCRIBE, RESUBSCRIBE, FLAG -> throw new AssertionError(kind);
            };
            ops.add(new Deliver(delay, Event.of("e" + ids++, type, contact, Instant.EPOCH), atNextDue));
        }
        return ops;
    }

    private static List<Step.Send> sends(JourneyDefinition journey) {
        return journey.steps().stream().filter(Step.Send.class::isInstance).map(Step.Send.class::cast).toList();
    }

    /**
     * An unsubscribe through a message of one of the journey's sends (its id made from the send's
     * key, as the engine gives it): naming the channel, the channel and the send's purpose, or
     * nothing (the engine then takes the channels of the message's step). The channel named is
     * mostly one the send may use, sometimes the other.
     */
    private static Event unsubscribe(String id, String contact, JourneyDefinition journey, OpSpec spec) {
        List<Step.Send> sends = sends(journey);
        Step.Send send = sends.get(spec.variant() % sends.size());
        String messageId = new IdempotencyKey(contact, journey.id(), journey.version(), 1, send.id(), 1).toString();
        List<String> channels = send.channel().channels();
        String channel = spec.which() >= 6 ? CHANNELS.get(spec.which() % 2) : channels.get(spec.which() % channels.size());
        return switch (spec.variant() / 4) {
            case 0 -> Event.unsubscribed(id, contact, Instant.EPOCH, messageId, channel);
            case 1 -> Event.interaction(id, InteractionTypes.UNSUBSCRIBED, contact, Instant.EPOCH, messageId);
            default -> Event.unsubscribed(id, contact, Instant.EPOCH, messageId, channel)
                    .withPayload(Attributes.of(Event.CHANNEL, channel, Event.PURPOSE, send.purpose()));
        };
    }
}
