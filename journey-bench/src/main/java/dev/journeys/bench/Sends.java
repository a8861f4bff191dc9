package dev.journeys.bench;

import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.MessageChannel;

import java.util.concurrent.atomic.LongAdder;

/**
 * A channel that only counts what it is sent, per message of {@link WelcomeJourney}, so a run
 * can check that every contact got exactly what the journey says. Thread-safe.
 */
public final class Sends implements MessageChannel {

    private final LongAdder welcome = new LongAdder();
    private final LongAdder offerA = new LongAdder();
    private final LongAdder offerB = new LongAdder();
    private final LongAdder other = new LongAdder();

    @Override
    public void send(OutgoingMessage message) {
        count(message.message());
    }

    /** Counts one message by its name (also used by the peer engines' send tasks). */
    public void count(String message) {
        switch (message) {
            case WelcomeJourney.WELCOME -> welcome.increment();
            case WelcomeJourney.OFFER_A -> offerA.increment();
            case WelcomeJourney.OFFER_B -> offerB.increment();
            default -> other.increment();
        }
    }

    /** Returns how many messages were counted in all. */
    public long total() {
        return welcome.sum() + offerA.sum() + offerB.sum() + other.sum();
    }

    /**
     * Checks that {@code contacts} contacts each got the welcome and the offer of their group.
     *
     * @param contacts how many contacts ran through the journey
     * @param who what ran them, for the message
     * @throws IllegalStateException if the counts are not what the journey sends
     */
    public void requireCompleted(int contacts, String who) {
        long groupA = WelcomeJourney.countGroupA(contacts);
        if (welcome.sum() != contacts || offerA.sum() != groupA || offerB.sum() != contacts - groupA
                || other.sum() != 0) {
            throw new IllegalStateException(who + " sent " + this + " to " + contacts + " contacts; expected "
                    + contacts + " welcome, " + groupA + " offer-a, " + (contacts - groupA) + " offer-b");
        }
    }

    /**
     * Checks that {@code contacts} contacts each got the welcome and nothing else yet.
     *
     * @param contacts how many contacts entered
     * @param who what ran them, for the message
     * @throws IllegalStateException otherwise
     */
    public void requireWaiting(int contacts, String who) {
        if (welcome.sum() != contacts || total() != contacts) {
            throw new IllegalStateException(who + " sent " + this + " to " + contacts
                    + " contacts; expected only " + contacts + " welcome");
        }
    }

    @Override
    public String toString() {
        return welcome.sum() + " welcome, " + offerA.sum() + " offer-a, " + offerB.sum() + " offer-b, "
                + other.sum() + " other";
    }
}
