package dev.journeys.bench;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.Event;
import dev.journeys.core.EventHistory;
import dev.journeys.core.spi.ContactDirectory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A contact directory that makes its contacts up from their number instead of holding them, as a
 * host's database would hand them out: {@code c0000000}, {@code c0000001}, ... Every contact is a
 * Texan loyalty member with email consent; each had one {@code purchase} of category
 * {@code cold-brew}, {@code index % 120} days before {@code now}, so three in four bought within
 * the last 90 days.
 *
 * <p>It counts the largest page it was asked for, to show that enrolment never holds more.
 * Thread-safe.
 */
final class GeneratedContacts implements ContactDirectory {

    private final int count;
    private final Instant now;
    private final AtomicInteger largestPage = new AtomicInteger();

    /**
     * @param count how many contacts there are
     * @param now the instant the purchase history is dated back from
     */
    GeneratedContacts(int count, Instant now) {
        if (count < 0 || count > 9_999_999) {
            throw new IllegalArgumentException("count must be within 0-9,999,999, was " + count);
        }
        this.count = count;
        this.now = now;
    }

    /** Returns the id of the contact with this number. */
    static String idOf(int index) {
        return String.format("c%07d", index);
    }

    /** Returns whether the contact with this number bought cold brew in the last 90 days. */
    static boolean boughtRecently(int index) {
        return index % 120 < 90;
    }

    private static int indexOf(String contactId) {
        if (contactId.length() != 8 || contactId.charAt(0) != 'c') {
            return -1;
        }
        try {
            return Integer.parseInt(contactId, 1, 8, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Contact contact(int index) {
        return Contact.of(idOf(index)).withConsent("email")
                .withAttributes(Attributes.of("loyaltyMember", true, "state", "TX"));
    }

    @Override
    public Optional<Contact> find(String contactId) {
        int index = indexOf(contactId);
        return index >= 0 && index < count ? Optional.of(contact(index)) : Optional.empty();
    }

    @Override
    public EventHistory history(String contactId, Set<String> eventTypes, Instant since) {
        int index = indexOf(contactId);
        Instant bought = now.minus(Duration.ofDays(index % 120));
        if (index < 0 || !eventTypes.contains("purchase") || bought.isBefore(since)) {
            return EventHistory.empty();
        }
        return new EventHistory(List.of(Event.of("purchase-" + contactId, "purchase", contactId, bought)
                .withPayload(Attributes.of("category", "cold-brew"))));
    }

    @Override
    public List<Contact> page(Optional<String> afterId, int limit) {
        largestPage.accumulateAndGet(limit, Math::max);
        int from = afterId.map(id -> indexOf(id) + 1).orElse(0);
        List<Contact> page = new ArrayList<>(Math.min(limit, Math.max(0, count - from)));
        for (int i = from; i < count && page.size() < limit; i++) {
            page.add(contact(i));
        }
        return page;
    }

    /** Returns the most contacts any one {@link #page} call asked for. */
    int largestPage() {
        return largestPage.get();
    }
}
