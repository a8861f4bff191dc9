package dev.journeys.bench;

import dev.journeys.core.IdempotencyKey;
import dev.journeys.core.OutgoingMessage;
import dev.journeys.core.spi.MessageChannel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A channel for {@link WelcomeJourney} runs where several engines send: it counts what each
 * contact was sent, and how many times each idempotency key was sent, so a run can check that
 * every contact got exactly its welcome and its offer and that no message went out twice.
 *
 * <p>Thread-safe.
 */
public final class KeyedSends implements MessageChannel {

    private final int contacts;
    private final AtomicIntegerArray welcome;
    private final AtomicIntegerArray offer; // the offer of the contact's own group
    private final AtomicIntegerArray wrong; // anything else: the other group's offer, an unknown message
    private final LongAdder total = new LongAdder();
    private final LongAdder strangers = new LongAdder();
    private final Map<IdempotencyKey, Boolean> seen = new ConcurrentHashMap<>();
    private final LongAdder duplicates = new LongAdder();

    /**
     * Creates a channel for the contacts {@code 0} to {@code contacts - 1}.
     *
     * @param contacts how many contacts run
     */
    public KeyedSends(int contacts) {
        if (contacts < 0 || contacts > WelcomeJourney.MAX_CONTACTS) {
            throw new IllegalArgumentException("contacts must be within 0-100,000,000, was " + contacts);
        }
        this.contacts = contacts;
        this.welcome = new AtomicIntegerArray(contacts);
        this.offer = new AtomicIntegerArray(contacts);
        this.wrong = new AtomicIntegerArray(contacts);
    }

    @Override
    public void send(OutgoingMessage message) {
        total.increment();
        if (seen.putIfAbsent(message.key(), Boolean.TRUE) != null) {
            duplicates.increment();
        }
        int index = WelcomeJourney.indexOf(message.contactId());
        if (index < 0 || index >= contacts) {
            strangers.increment();
            return;
        }
        String ownOffer = WelcomeJourney.inGroupA(index) ? WelcomeJourney.OFFER_A : WelcomeJourney.OFFER_B;
        if (message.message().equals(WelcomeJourney.WELCOME)) {
            welcome.incrementAndGet(index);
        } else if (message.message().equals(ownOffer)) {
            offer.incrementAndGet(index);
        } else {
            wrong.incrementAndGet(index);
        }
    }

    /** Returns how many messages were sent in all. */
    public long total() {
        return total.sum();
    }

    /** Returns how many sends repeated an idempotency key already sent. */
    public long duplicates() {
        return duplicates.sum();
    }

    /**
     * Checks that every contact got its welcome and nothing else.
     *
     * @throws IllegalStateException naming the first contacts that did not
     */
    public void requireWaiting() {
        require(1, 0, "only its welcome");
    }

    /**
     * Checks that every contact got exactly its welcome and the offer of its group, and that no
     * idempotency key was sent twice.
     *
     * @throws IllegalStateException naming the first contacts that did not
     */
    public void requireCompleted() {
        require(1, 1, "exactly its welcome and the offer of its group");
    }

    private void require(int welcomes, int offers, String expected) {
        List<String> wrongOnes = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < contacts; i++) {
            if (welcome.get(i) != welcomes || offer.get(i) != offers || wrong.get(i) != 0) {
                count++;
                if (wrongOnes.size() < 5) {
                    wrongOnes.add(WelcomeJourney.contactId(i) + " (" + welcome.get(i) + " welcome, " + offer.get(i)
                            + " own offer, " + wrong.get(i) + " other)");
                }
            }
        }
        if (count > 0 || strangers.sum() > 0 || duplicates.sum() > 0) {
            throw new IllegalStateException(count + " of " + contacts + " contacts did not get " + expected
                    + ", for example " + wrongOnes + "; " + strangers.sum() + " messages to unknown contacts, "
                    + duplicates.sum() + " duplicate sends by idempotency key");
        }
    }
}
