package dev.journeys.flink;

import dev.journeys.core.Contact;
import dev.journeys.core.ContactState;
import dev.journeys.core.Effect;
import dev.journeys.core.Event;
import dev.journeys.core.event.JourneyEvent;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * The Flink type information of the journey library's values, for declaring streams and state of
 * them: each is serialized by the library's own codec ({@link CodecSerializer}), never by Kryo.
 *
 * <p>Static methods only; the type information returned is immutable.
 *
 * <pre>{@code
 * DataStream<Event> events = env.fromSource(source, watermarks, "events").returns(JourneyTypes.events());
 * }</pre>
 */
public final class JourneyTypes {

    private JourneyTypes() {
    }

    /** Returns the type information of events. */
    public static TypeInformation<Event> events() {
        return new ValueTypeInformation<>(Event.class, CodecSerializer.EVENTS);
    }

    /** Returns the type information of contact profiles. */
    public static TypeInformation<Contact> contacts() {
        return new ValueTypeInformation<>(Contact.class, CodecSerializer.CONTACTS);
    }

    /** Returns the type information of effects, the messages and actions a job hands to its sink. */
    public static TypeInformation<Effect> effects() {
        return new ValueTypeInformation<>(Effect.class, CodecSerializer.EFFECTS);
    }

    /** Returns the type information of journey events: entered, step reached, sent, skipped, exited and the rest. */
    public static TypeInformation<JourneyEvent> journeyEvents() {
        return new ValueTypeInformation<>(JourneyEvent.class, CodecSerializer.JOURNEY_EVENTS);
    }

    /** Returns the type information of changes to the journeys a job runs, for its definitions stream. */
    public static TypeInformation<DefinitionChange> definitionChanges() {
        return new ValueTypeInformation<>(DefinitionChange.class, DefinitionChangeSerializer.INSTANCE);
    }

    /** Returns the type information of a contact's inputs, events and profiles merged. */
    static TypeInformation<ContactInput> contactInputs() {
        return new ValueTypeInformation<>(ContactInput.class, ContactInputSerializer.INSTANCE);
    }

    /** Returns the type information of contact states. */
    public static TypeInformation<ContactState> contactStates() {
        return new ValueTypeInformation<>(ContactState.class, CodecSerializer.CONTACT_STATES);
    }
}
