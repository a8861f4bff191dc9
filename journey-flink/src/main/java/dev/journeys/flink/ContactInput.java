package dev.journeys.flink;

import dev.journeys.core.Contact;
import dev.journeys.core.Event;

import java.util.Objects;

/**
 * What reaches one contact's part of the job: an event, or a new version of their profile. The
 * job merges its event stream and its profile stream into one stream of these, keyed by contact,
 * so each contact's inputs are worked on one at a time, in order.
 */
sealed interface ContactInput {

    /** Returns the contact it is for: the key of the stream. */
    String contactId();

    /** Returns when it happened, epoch milliseconds: where it falls in the contact's event time. */
    long atMillis();

    /** An event for the contact's journeys. */
    record EventArrived(Event event) implements ContactInput {

        public EventArrived {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public String contactId() {
            return event.contactId();
        }

        @Override
        public long atMillis() {
            return event.occurredAt().toEpochMilli();
        }
    }

    /**
     * The contact's profile as the host's directory now describes it, from a time on.
     *
     * @param contact the profile
     * @param atMillis from when it holds, epoch milliseconds (the record's timestamp)
     */
    record ProfileChanged(Contact contact, long atMillis) implements ContactInput {

        public ProfileChanged {
            Objects.requireNonNull(contact, "contact");
        }

        @Override
        public String contactId() {
            return contact.id();
        }
    }
}
