package dev.journeys.bench;

import dev.journeys.core.Event;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The baseline: {@link WelcomeJourney} coded by hand as the least a program can do to run it,
 * with no engine. A contact's place is a byte in an array, their group a boolean, the timers a
 * binary heap of (due time, contact slot) in two arrays; an event finds its contact through a
 * hash map from id to slot. It sends through the same {@link Sends} channel as the engine. It
 * knows nothing of other journeys, consent, caps, exits, versions, duplicates or persistence:
 * it shows how close the engine comes to the limit, not what a product could ship.
 *
 * <p>Not thread-safe.
 */
public final class HandWrittenJourney {

    private static final byte NOT_ENTERED = 0;
    private static final byte WAITING = 1;
    private static final byte ENDED = 2;
    private static final long WAIT_MILLIS = WelcomeJourney.WAIT.toMillis();

    private final Map<String, Integer> slots;
    private final boolean[] groupA;
    private final byte[] place;
    private final Sends sends;
    private long[] heapDue = new long[16];
    private int[] heapSlot = new int[16];
    private int heapSize;

    /**
     * Creates the state machine for the first {@code contacts} contacts of {@link BenchContacts}.
     *
     * @param contacts how many contacts it knows
     * @param sends where it sends
     */
    public HandWrittenJourney(int contacts, Sends sends) {
        this.slots = new HashMap<>(contacts * 2);
        this.groupA = new boolean[contacts];
        this.place = new byte[contacts];
        this.sends = sends;
        for (int i = 0; i < contacts; i++) {
            slots.put(WelcomeJourney.contactId(i), i);
            groupA[i] = WelcomeJourney.inGroupA(i);
        }
    }

    /**
     * Handles an event at {@code nowMillis}: an entry event of a contact not yet in the journey
     * sends the welcome and starts the wait; anything else is ignored.
     *
     * @return whether the event started the journey
     */
    public boolean accept(Event event, long nowMillis) {
        if (!WelcomeJourney.TRIGGER.equals(event.type())) {
            return false;
        }
        Integer slot = slots.get(event.contactId());
        if (slot == null || place[slot] != NOT_ENTERED) {
            return false;
        }
        sends.count(WelcomeJourney.WELCOME);
        place[slot] = WAITING;
        push(nowMillis + WAIT_MILLIS, slot);
        return true;
    }

    /**
     * Ends every wait due by {@code nowMillis}: each contact gets the offer of their group and
     * leaves the journey.
     *
     * @return how many waits ended
     */
    public int runDue(long nowMillis) {
        int fired = 0;
        while (heapSize > 0 && heapDue[0] <= nowMillis) {
            int slot = pop();
            sends.count(groupA[slot] ? WelcomeJourney.OFFER_A : WelcomeJourney.OFFER_B);
            place[slot] = ENDED;
            fired++;
        }
        return fired;
    }

    /** Returns how many contacts are waiting. */
    public int waiting() {
        return heapSize;
    }

    private void push(long due, int slot) {
        if (heapSize == heapDue.length) {
            heapDue = Arrays.copyOf(heapDue, heapSize * 2);
            heapSlot = Arrays.copyOf(heapSlot, heapSize * 2);
        }
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heapDue[parent] <= due) {
                break;
            }
            heapDue[i] = heapDue[parent];
            heapSlot[i] = heapSlot[parent];
            i = parent;
        }
        heapDue[i] = due;
        heapSlot[i] = slot;
    }

    private int pop() {
        int top = heapSlot[0];
        int last = --heapSize;
        long due = heapDue[last];
        int slot = heapSlot[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && heapDue[child + 1] < heapDue[child]) {
                child++;
            }
            if (heapDue[child] >= due) {
                break;
            }
            heapDue[i] = heapDue[child];
            heapSlot[i] = heapSlot[child];
            i = child;
        }
        heapDue[i] = due;
        heapSlot[i] = slot;
        return top;
    }
}
