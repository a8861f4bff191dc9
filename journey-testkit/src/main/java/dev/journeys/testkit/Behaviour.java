package dev.journeys.testkit;

import dev.journeys.core.Attributes;
import dev.journeys.core.Event;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.OutgoingMessage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How simulated contacts react to a message they receive: each reaction happens with a
 * probability, at a uniformly drawn time within a window after the send.
 *
 * <pre>{@code
 * Behaviour.whenSent("french-press-guide")
 *         .opens(0.6, Duration.ofHours(2))
 *         .clicks("shop-grinders", 0.25, Duration.ofDays(1))
 *         .emits("purchase.completed", 0.05, Duration.ofDays(3));
 * }</pre>
 *
 * <p>Every draw comes from the environment's seed, the send's idempotency key and the reaction's
 * position, so the same seed gives the same reactions whatever order contacts are worked on in. Reactions
 * are independent of each other.
 *
 * <p>Immutable and thread-safe.
 */
public final class Behaviour {

    /** What a reaction produces. */
    private enum Kind { OPEN, CLICK, EVENT }

    private record Reaction(Kind kind, String name, Attributes payload, double probability, Duration within) {
    }

    private final String message;
    private final List<Reaction> reactions;

    private Behaviour(String message, List<Reaction> reactions) {
        this.message = message;
        this.reactions = List.copyOf(reactions);
    }

    /**
     * Starts the behaviour of contacts who are sent a message (asset).
     *
     * @param message the message's name, as in the send step
     * @return a behaviour with no reactions yet
     */
    public static Behaviour whenSent(String message) {
        return new Behaviour(Objects.requireNonNull(message, "message"), List.of());
    }

    /** Adds an open of the message, with a probability, within a window after the send. */
    public Behaviour opens(double probability, Duration within) {
        return with(new Reaction(Kind.OPEN, InteractionTypes.OPENED, Attributes.empty(),
                Seeds.requireProbability(probability, "probability of opening '" + message + "'"), window(within)));
    }

    /** Adds a click on a link of the message, with a probability, within a window after the send. */
    public Behaviour clicks(String link, double probability, Duration within) {
        Objects.requireNonNull(link, "link");
        return with(new Reaction(Kind.CLICK, link, Attributes.of(Event.LINK, link),
                Seeds.requireProbability(probability, "probability of clicking '" + link + "' in '" + message + "'"),
                window(within)));
    }

    /** Adds an event of the contact's (a purchase, say), with a probability, within a window after the send. */
    public Behaviour emits(String eventType, double probability, Duration within) {
        return emits(eventType, Attributes.empty(), probability, within);
    }

    /** Adds an event with a payload, with a probability, within a window after the send. */
    public Behaviour emits(String eventType, Attributes payload, double probability, Duration within) {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(payload, "payload");
        return with(new Reaction(Kind.EVENT, eventType, payload,
                Seeds.requireProbability(probability, "probability of '" + eventType + "' after '" + message + "'"),
                window(within)));
    }

    private static Duration window(Duration within) {
        Objects.requireNonNull(within, "within");
        if (within.toMillis() < 1) {
            throw new IllegalArgumentException("reaction window must be at least 1 ms, was " + within);
        }
        return within;
    }

    private Behaviour with(Reaction reaction) {
        List<Reaction> all = new ArrayList<>(reactions);
        all.add(reaction);
        return new Behaviour(message, all);
    }

    /** Returns the message this behaviour reacts to. */
    public String message() {
        return message;
    }

    /**
     * Returns the events a contact produces in reaction to a message, each at its drawn time.
     *
     * @param sent the message
     * @param sentAt when the channel took it
     * @param seed the simulation's seed
     * @param position this behaviour's position among the environment's, so two behaviours for
     *     one message draw apart and give their events distinct ids
     * @return the events, possibly none
     */
    List<Event> react(OutgoingMessage sent, Instant sentAt, long seed, int position) {
        if (!sent.message().equals(message)) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < reactions.size(); i++) {
            Reaction reaction = reactions.get(i);
            SplittableRandom random = Seeds.random(seed, sent.key() + "#" + position, i);
            if (random.nextDouble() >= reaction.probability()) {
                continue;
            }
            Instant at = sentAt.plusMillis(1 + random.nextLong(reaction.within().toMillis()));
            String id = sent.key() + "#b" + position + "." + i;
            Event event = switch (reaction.kind()) {
                case OPEN -> Event.interaction(id, InteractionTypes.OPENED, sent.contactId(), at, sent.messageId());
                case CLICK -> Event.linkClicked(id, sent.contactId(), at, sent.messageId(), reaction.name());
                case EVENT -> new Event(id, reaction.name(), sent.contactId(), at, reaction.payload(), Optional.empty());
            };
            events.add(event);
        }
        return events;
    }
}
