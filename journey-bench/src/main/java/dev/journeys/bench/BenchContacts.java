package dev.journeys.bench;

import dev.journeys.core.Attributes;
import dev.journeys.core.Contact;
import dev.journeys.core.spi.ContactDirectory;

import java.util.Optional;

/**
 * The contacts of {@link WelcomeJourney}: {@code c00000000}, {@code c00000001}, ..., each with
 * email consent and a {@code group} attribute. Either {@linkplain #held held} in an array, as a
 * host's cache would hand them out (the cheapest lookup, so the engine's own cost shows), or
 * {@linkplain #generated made up} on each lookup from the id, so the directory holds nothing and
 * the heap measured is the engine's alone.
 *
 * <p>Immutable and thread-safe.
 */
public final class BenchContacts implements ContactDirectory {

    private final int count;
    private final Contact[] held;

    private BenchContacts(int count, Contact[] held) {
        if (count < 0 || count > WelcomeJourney.MAX_CONTACTS) {
            throw new IllegalArgumentException("count must be within 0-100,000,000, was " + count);
        }
        this.count = count;
        this.held = held;
    }

    /** Returns a directory of {@code count} contacts, made once and held in an array. */
    public static BenchContacts held(int count) {
        Contact[] contacts = new Contact[count];
        for (int i = 0; i < count; i++) {
            contacts[i] = contact(i);
        }
        return new BenchContacts(count, contacts);
    }

    /** Returns a directory of {@code count} contacts that holds none: each lookup makes the contact. */
    public static BenchContacts generated(int count) {
        return new BenchContacts(count, null);
    }

    /** Returns the contact with this number. */
    public static Contact contact(int index) {
        return Contact.of(WelcomeJourney.contactId(index)).withConsent("email")
                .withAttributes(Attributes.of("group", WelcomeJourney.group(index)));
    }

    @Override
    public Optional<Contact> find(String contactId) {
        int index = WelcomeJourney.indexOf(contactId);
        if (index < 0 || index >= count) {
            return Optional.empty();
        }
        return Optional.of(held != null ? held[index] : contact(index));
    }

    /** Returns how many contacts there are. */
    public int size() {
        return count;
    }
}
