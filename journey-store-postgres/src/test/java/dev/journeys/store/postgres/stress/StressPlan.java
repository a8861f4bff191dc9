package dev.journeys.store.postgres.stress;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The inputs of one {@link TwoEngineStressTest} seed, drawn from {@code SplittableRandom(seed)}
 * alone, so a seed always plans the same feed: which contacts have email consent in the
 * directory, and for each feeding thread and round the events it feeds, in order, each to one of
 * the two engines.
 *
 * <p>A contact's own events are fed in order by one thread, its home thread (as a partitioned
 * queue would deliver them), so the harness knows in which order the contact's unsubscribes and
 * consents were applied. About one event in ten is delivered twice with the same id: a copy of an
 * entry, click or purchase goes to any thread in the same or the next round, on either engine, so
 * the copies race the originals; a copy of an unsubscribe or a consent goes right after the
 * original on the home thread, on the other engine.
 *
 * <p>Immutable once made, and thread-safe.
 */
final class StressPlan {

    /** What a planned input is. */
    enum Kind {
        SIGN_UP, VIEW, CART, CLICK, PURCHASE, UNSUBSCRIBE, CONSENT_GIVEN;

        boolean changesConsent() {
            return this == UNSUBSCRIBE || this == CONSENT_GIVEN;
        }
    }

    /**
     * One event to feed.
     *
     * @param kind what it is
     * @param contact the contact's number
     * @param eventId the event's id; a copy has the original's
     * @param engine the engine to feed it to, 0 or 1
     * @param copy whether it is the second delivery of an id
     */
    record Input(Kind kind, int contact, String eventId, int engine, boolean copy) {
    }

    /** An input with where it goes, before the lists are sorted. */
    private record Placed(int thread, int round, long order, Input input) {
    }

    private final boolean[] consentListed;
    private final List<List<List<Input>>> byThreadAndRound;
    private final int total;
    private final int copies;

    private StressPlan(boolean[] consentListed, List<List<List<Input>>> byThreadAndRound, int total, int copies) {
        this.consentListed = consentListed;
        this.byThreadAndRound = byThreadAndRound;
        this.total = total;
        this.copies = copies;
    }

    /**
     * Plans a seed.
     *
     * @param seed the seed of the random stream
     * @param contacts how many contacts
     * @param threads how many feeding threads
     * @param rounds how many rounds the feed is cut into
     * @return the plan
     */
    static StressPlan of(long seed, int contacts, int threads, int rounds) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] consent = new boolean[contacts];
        List<Placed> placed = new ArrayList<>();
        for (int c = 0; c < contacts; c++) {
            consent[c] = random.nextInt(100) >= 5; // 5% never gave email consent
            int home = c % threads;
            List<Placed> own = new ArrayList<>();
            if (random.nextInt(10) < 9) {
                own.add(place(random, home, random.nextInt(Math.max(1, rounds / 2)), Kind.SIGN_UP, c, 0));
            }
            int views = random.nextInt(4);
            for (int i = 0; i < views; i++) {
                own.add(place(random, home, random.nextInt(rounds), Kind.VIEW, c, i));
            }
            int carts = random.nextInt(3);
            for (int i = 0; i < carts; i++) {
                own.add(place(random, home, random.nextInt(rounds), Kind.CART, c, i));
            }
            int clicks = random.nextInt(5);
            for (int i = 0; i < clicks; i++) {
                own.add(place(random, home, random.nextInt(rounds), Kind.CLICK, c, i));
            }
            if (random.nextInt(10) < 3) {
                own.add(place(random, home, random.nextInt(rounds), Kind.PURCHASE, c, 0));
            }
            if (random.nextInt(100) < 15) {
                Placed unsubscribe = place(random, home, random.nextInt(rounds), Kind.UNSUBSCRIBE, c, 0);
                own.add(unsubscribe);
                if (random.nextBoolean()) {
                    int round = unsubscribe.round + random.nextInt(rounds - unsubscribe.round);
                    long order = round == unsubscribe.round ? unsubscribe.order + 1 + random.nextInt(1 << 20)
                            : random.nextLong(1L << 40);
                    own.add(new Placed(home, round, order, new Input(Kind.CONSENT_GIVEN, c,
                            eventId(Kind.CONSENT_GIVEN, c, 0), random.nextInt(2), false)));
                }
            }
            for (Placed original : List.copyOf(own)) {
                if (random.nextInt(10) != 0) {
                    continue;
                }
                Input in = original.input;
                if (in.kind.changesConsent()) {
                    own.add(new Placed(home, original.round, original.order, new Input(in.kind, c, in.eventId,
                            1 - in.engine, true))); // sorted right after the original
                } else {
                    int round = Math.min(rounds - 1, original.round + random.nextInt(2));
                    own.add(new Placed(random.nextInt(threads), round, random.nextLong(1L << 40),
                            new Input(in.kind, c, in.eventId, random.nextInt(2), true)));
                }
            }
            placed.addAll(own);
        }
        List<List<List<Input>>> lists = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<List<Input>> rows = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                rows.add(new ArrayList<>());
            }
            lists.add(rows);
        }
        // A stable sort: a consent copy, placed after its original with the same order, stays after it.
        placed.sort(Comparator.comparingLong(Placed::order));
        int copies = 0;
        for (Placed p : placed) {
            lists.get(p.thread).get(p.round).add(p.input);
            copies += p.input.copy ? 1 : 0;
        }
        return new StressPlan(consent, lists, placed.size(), copies);
    }

    private static Placed place(SplittableRandom random, int home, int round, Kind kind, int contact, int n) {
        return new Placed(home, round, random.nextLong(1L << 40),
                new Input(kind, contact, eventId(kind, contact, n), random.nextInt(2), false));
    }

    private static String eventId(Kind kind, int contact, int n) {
        return kind.name().toLowerCase(Locale.ROOT) + "-" + contact + "-" + n;
    }

    /** Returns the id of the contact with this number: {@code c} and eight digits, so ids sort by number. */
    static String contactId(int contact) {
        if (contact < 0 || contact > 99_999_999) {
            throw new IllegalArgumentException("contact number must be within 0-99,999,999, was " + contact);
        }
        return String.format(Locale.ROOT, "c%08d", contact);
    }

    /**
     * Returns the number of a contact id made by {@link #contactId}.
     *
     * @throws IllegalArgumentException if the id is not one {@link #contactId} makes
     */
    static int indexOf(String contactId) {
        if (contactId.length() != 9 || contactId.charAt(0) != 'c') {
            throw new IllegalArgumentException("not a stress contact id (c and eight digits): '" + contactId + "'");
        }
        return Integer.parseInt(contactId, 1, 9, 10);
    }

    /** Returns whether the directory lists email consent for the contact. */
    boolean consentListed(int contact) {
        return consentListed[contact];
    }

    /** Returns what the thread feeds in the round, in order. */
    List<Input> inputs(int thread, int round) {
        return byThreadAndRound.get(thread).get(round);
    }

    /** Returns how many inputs there are in all, copies included. */
    int total() {
        return total;
    }

    /** Returns how many of them are copies of an id delivered already. */
    int copies() {
        return copies;
    }
}
