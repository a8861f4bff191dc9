package dev.journeys.core.engine;

import dev.journeys.core.Condition;
import dev.journeys.core.ContactState;
import dev.journeys.core.Event;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.internal.Ids;
import dev.journeys.core.InteractionTypes;
import dev.journeys.core.InvalidJourneyException;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.MessageAsset;
import dev.journeys.core.QuietHours;
import dev.journeys.core.RetryPolicy;
import dev.journeys.core.Segments;
import dev.journeys.core.SkipReason;
import dev.journeys.core.validation.ValidationContext;
import dev.journeys.core.spi.ActionHandler;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.JourneyListener;
import dev.journeys.core.spi.JourneyStore;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.ProcessedEvent;
import dev.journeys.core.spi.RecordingChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Configures a {@link JourneyEngine}. Each single option may be set once; channels, actions
 * and listeners are added one by one, a name at most once; message assets, event types and
 * consent purposes, which journeys are checked against when published, are declared in any
 * number of calls, and repeating one is harmless. Only the contact directory is required.
 *
 * <p>Not thread-safe.
 */
public final class JourneyEngineBuilder {
    // The options, read by the JourneyEngine constructor.
    InstantSource clock;
    JourneyStore store;
    ContactDirectory directory;
    MessageChannel defaultChannel;
    RetryPolicy retryPolicy;
    UnknownContactPolicy unknownContactPolicy;
    Duration duplicateWindow;
    Duration maxEventLateness;
    Long maxRememberedEvents;
    Duration pollInterval;
    Duration refreshInterval;
    final Map<String, MessageChannel> channels = new LinkedHashMap<>();
    final Map<String, ActionHandler> actions = new LinkedHashMap<>();
    final List<JourneyListener> listeners = new ArrayList<>();
    final List<JourneyDefinition> journeys = new ArrayList<>();
    final List<FrequencyCap> caps = new ArrayList<>();
    QuietHours quietHours;
    final List<Condition> suppression = new ArrayList<>();
    Segments segments = Segments.none();
    final Set<MessageAsset> messages = new LinkedHashSet<>();
    boolean messagesDeclared;
    final Set<String> eventTypes = new LinkedHashSet<>();
    final Set<String> consentPurposes = new LinkedHashSet<>();

    JourneyEngineBuilder() {
    }

    /**
     * Sets quiet hours, in each contact's zone, for every journey that has none of its own,
     * such as {@code QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0))}.
     */
    public JourneyEngineBuilder quietHours(QuietHours quietHours) {
        requireUnset(this.quietHours, "quietHours");
        this.quietHours = Objects.requireNonNull(quietHours, "quietHours");
        return this;
    }

    /**
     * Adds a frequency cap that counts the sends of every journey of this engine, such as
     * {@code FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email")}.
     */
    public JourneyEngineBuilder frequencyCap(FrequencyCap cap) {
        caps.add(Objects.requireNonNull(cap, "cap"));
        return this;
    }

    /**
     * Adds a suppression for every journey: a contact for whom the condition holds is sent
     * nothing ({@link SkipReason#SUPPRESSED}) and stays on their paths. Checked when a send is
     * reached and again right before the channel is called.
     *
     * @param condition a condition on the contact, such as
     *     {@code Condition.attribute("doNotContact").is(true)}
     * @return this builder
     */
    public JourneyEngineBuilder suppression(Condition condition) {
        suppression.add(Objects.requireNonNull(condition, "suppression"));
        return this;
    }

    /**
     * Sets the segments conditions may refer to ({@link Condition#inSegment}) and segment
     * journeys enrol from. Journeys that name a segment not among them are refused at publish.
     *
     * @param segments the checked segments, from {@link Segments#builder()}
     * @return this builder
     */
    public JourneyEngineBuilder segments(Segments segments) {
        if (this.segments != Segments.none()) {
            throw new IllegalStateException("segments were already set");
        }
        this.segments = Objects.requireNonNull(segments, "segments");
        return this;
    }

    private static void requireUnset(Object current, String option) {
        if (current != null) {
            throw new IllegalStateException(option + " was already set to " + current);
        }
    }

    /** Sets the clock, the only source of time. Default: {@link InstantSource#system()}. */
    public JourneyEngineBuilder clock(InstantSource clock) {
        requireUnset(this.clock, "clock");
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Sets the store. Default: {@link JourneyStore#inMemory()}. */
    public JourneyEngineBuilder store(JourneyStore store) {
        requireUnset(this.store, "store");
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Sets the contact directory. Required. */
    public JourneyEngineBuilder contacts(ContactDirectory directory) {
        requireUnset(this.directory, "contacts");
        this.directory = Objects.requireNonNull(directory, "contacts");
        return this;
    }

    /** Binds a channel name, such as {@code email}, to the channel that delivers it. */
    public JourneyEngineBuilder channel(String name, MessageChannel channel) {
        Ids.requireText(name, "channel name");
        Objects.requireNonNull(channel, "channel");
        if (channels.putIfAbsent(name, channel) != null) {
            throw new IllegalStateException("channel '" + name + "' was already bound");
        }
        return this;
    }

    /**
     * Sets the channel for every channel name not bound with {@link #channel}. Default: when
     * no channel is bound by name, a new {@link RecordingChannel} that takes every channel
     * (and delivers nothing); when some are, none, and a journey that sends on a channel with
     * no binding cannot be published.
     */
    public JourneyEngineBuilder defaultChannel(MessageChannel channel) {
        requireUnset(this.defaultChannel, "defaultChannel");
        this.defaultChannel = Objects.requireNonNull(channel, "defaultChannel");
        return this;
    }

    /** Binds an action name to its handler; journeys that run an unbound action cannot be published. */
    public JourneyEngineBuilder action(String name, ActionHandler handler) {
        Ids.requireText(name, "action name");
        Objects.requireNonNull(handler, "handler");
        if (actions.putIfAbsent(name, handler) != null) {
            throw new IllegalStateException("action '" + name + "' was already bound");
        }
        return this;
    }

    /**
     * Declares message assets that exist for every channel, such as
     * {@code .messages("french-press-guide", "brew-tips")}. Once this or {@link #messagesOn} is
     * called, a journey that sends a message or content variant not
     * declared for every channel it may use cannot be published ({@code UNBOUND_MESSAGE});
     * until then, messages are not checked. May be called again to add more.
     */
    public JourneyEngineBuilder messages(String... ids) {
        Objects.requireNonNull(ids, "messages");
        for (String id : ids) {
            messages.add(MessageAsset.of(id));
        }
        messagesDeclared = true;
        return this;
    }

    /**
     * Declares message assets made for one channel only, such as
     * {@code .messagesOn("sms", "teaser-short")}; see {@link #messages}.
     */
    public JourneyEngineBuilder messagesOn(String channel, String... ids) {
        Ids.requireText(channel, "channel");
        Objects.requireNonNull(ids, "messages");
        for (String id : ids) {
            messages.add(MessageAsset.on(channel, id));
        }
        messagesDeclared = true;
        return this;
    }

    /**
     * Declares the event types the host's application produces, such as
     * {@code .eventTypes("lead.created", "demo.booked")}. Once declared, a journey that waits
     * for, exits, reaches its goal, pauses or resumes on an event type that no channel reports
     * ({@link InteractionTypes}), is not declared and that no journey enters on is published
     * with an {@code UNPRODUCED_EVENT} warning. May be called again to add more.
     */
    public JourneyEngineBuilder eventTypes(String... types) {
        Objects.requireNonNull(types, "eventTypes");
        for (String type : types) {
            eventTypes.add(Ids.requireText(type, "event type"));
        }
        return this;
    }

    /**
     * Declares the purposes contacts consent to, such as
     * {@code .consentPurposes("newsletter", "offers")}. Once declared, a journey that sends for
     * another purpose (other than its category's default) cannot be published, and a marketing
     * send relying on the default purpose {@code marketing} is published with a warning
     * ({@code NO_CONSENT_PURPOSE}). May be called again to add more.
     */
    public JourneyEngineBuilder consentPurposes(String... purposes) {
        Objects.requireNonNull(purposes, "consentPurposes");
        for (String purpose : purposes) {
            consentPurposes.add(Ids.requireText(purpose, "purpose"));
        }
        return this;
    }

    /** What publishing checks journeys against: what was declared here. */
    ValidationContext validationContext() {
        ValidationContext context = ValidationContext.none().withActions(actions.keySet()).withSegments(segments)
                .withEngineCaps(caps).withJourneys(journeys);
        if (defaultChannel == null) {
            context = context.withChannels(channels.keySet());
        }
        if (messagesDeclared) {
            context = context.withAssets(messages);
        }
        if (!eventTypes.isEmpty()) {
            context = context.withEventTypes(eventTypes);
        }
        if (!consentPurposes.isEmpty()) {
            context = context.withConsentPurposes(consentPurposes);
        }
        return context;
    }

    /** Adds a listener. */
    public JourneyEngineBuilder listener(JourneyListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Publishes a journey when the engine is built, unless its store records that version already. */
    public JourneyEngineBuilder journey(JourneyDefinition journey) {
        journeys.add(Objects.requireNonNull(journey, "journey"));
        return this;
    }

    /** Sets what happens when a channel or action throws. Default: {@link RetryPolicy#ofDefaults()}. */
    public JourneyEngineBuilder retryPolicy(RetryPolicy policy) {
        requireUnset(this.retryPolicy, "retryPolicy");
        this.retryPolicy = Objects.requireNonNull(policy, "retryPolicy");
        return this;
    }

    /** Sets what happens to events for unknown contacts. Default: {@link UnknownContactPolicy#IGNORE}. */
    public JourneyEngineBuilder unknownContacts(UnknownContactPolicy policy) {
        requireUnset(this.unknownContactPolicy, "unknownContacts");
        this.unknownContactPolicy = Objects.requireNonNull(policy, "unknownContacts");
        return this;
    }

    /**
     * Sets how long an accepted event's id is remembered to drop a duplicate of it. Default: 24 hours.
     *
     * <p>Two memories use it. The engine's own ({@link #maxRememberedEvents}) holds every
     * accepted event's id for the window, then forgets it. The store's holds the id of each
     * event whose work it saved ({@link JourneyStore#save(ContactState, ProcessedEvent)}),
     * for engines sharing the store and across restarts: {@link JourneyEngine#runDue()} asks
     * it, at most once a minute and a bounded batch at a time, to forget the ids applied
     * longer ago than the window, so an id is kept there for at least the window (measured on
     * the clock of the engine that applied it against that of the engine that forgets) and
     * usually a minute or so more. Engines sharing a store should use the same window: the
     * shortest one forgets for all of them. An accepted event whose work changed nothing is
     * not in the store's memory, only in the engine's.
     */
    public JourneyEngineBuilder duplicateWindow(Duration window) {
        requireUnset(this.duplicateWindow, "duplicateWindow");
        Objects.requireNonNull(window, "duplicateWindow");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("duplicateWindow must be positive, was " + window);
        }
        this.duplicateWindow = window;
        return this;
    }

    /**
     * Sets how long ago an event may have happened ({@link Event#occurredAt()}, against the
     * engine's clock when it is accepted) to be applied. An older one is refused: nothing is
     * done, {@link JourneyEngine#accept} returns {@link Acceptance#TOO_LATE}, and it is counted
     * in {@link EngineStats#eventsTooLate()}. An unsubscribe is applied however late. Default:
     * the {@link #duplicateWindow}; it may not be longer, since an older event may be a copy of
     * one whose id was forgotten, and would be applied twice.
     */
    public JourneyEngineBuilder maxEventLateness(Duration lateness) {
        requireUnset(this.maxEventLateness, "maxEventLateness");
        Objects.requireNonNull(lateness, "maxEventLateness");
        if (lateness.isNegative() || lateness.isZero()) {
            throw new IllegalArgumentException("maxEventLateness must be positive, was " + lateness);
        }
        this.maxEventLateness = lateness;
        return this;
    }

    /**
     * Sets how many accepted event ids are remembered at most, across contacts. They are kept
     * in 24 bytes each (a 128-bit fingerprint of contact and event id, the first half of their
     * SHA-256, and when it was accepted), in the engine's contact lock stripes ({@code 256} per processor), each
     * stripe holding an even share of the count, rounded up; when a stripe is full its oldest
     * id is forgotten first, so set the count well above the events accepted in one
     * {@link #duplicateWindow}. Default: 1,000,000; 0 remembers none here, so a duplicate is
     * dropped only if the store holds its id ({@link JourneyStore#hasProcessed}, which costs a
     * look-up per event).
     */
    public JourneyEngineBuilder maxRememberedEvents(long count) {
        requireUnset(this.maxRememberedEvents, "maxRememberedEvents");
        if (count < 0) {
            throw new IllegalArgumentException("maxRememberedEvents must not be negative, was " + count);
        }
        this.maxRememberedEvents = count;
        return this;
    }

    /** Sets how often the scheduler reads the clock at least. Default: one second. */
    public JourneyEngineBuilder schedulerPollInterval(Duration interval) {
        requireUnset(this.pollInterval, "schedulerPollInterval");
        Objects.requireNonNull(interval, "schedulerPollInterval");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("schedulerPollInterval must be at least 1 ms, was " + interval);
        }
        this.pollInterval = interval;
        return this;
    }

    /**
     * Sets how often {@link JourneyEngine#runDue()} refreshes the journeys from the store at
     * most, on the engine's clock: how soon this engine sees a version published, or a status
     * changed, by another engine sharing the store. Default: one second.
     */
    public JourneyEngineBuilder definitionRefreshInterval(Duration interval) {
        requireUnset(this.refreshInterval, "definitionRefreshInterval");
        Objects.requireNonNull(interval, "definitionRefreshInterval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("definitionRefreshInterval must not be negative, was " + interval);
        }
        this.refreshInterval = interval;
        return this;
    }

    /**
     * Builds the engine: loads the journey versions and statuses its store records
     * ({@link dev.journeys.core.spi.JourneyDefinitions}; drafts are read from the store when
     * asked for), then publishes the journeys given to {@link #journey} that the store does
     * not record yet.
     *
     * @return the engine
     * @throws IllegalStateException if no contact directory was set, the
     *     {@link #maxEventLateness} is longer than the {@link #duplicateWindow}, the store
     *     records another definition under the version of a journey given, or a journey given
     *     is a new version of a stopped one
     * @throws InvalidJourneyException if a journey has problems
     */
    public JourneyEngine build() {
        if (directory == null) {
            throw new IllegalStateException("contacts must be set: the engine needs a ContactDirectory "
                    + "(ContactDirectory.inMemory() for tests)");
        }
        if (clock == null) {
            clock = InstantSource.system();
        }
        if (store == null) {
            store = JourneyStore.inMemory();
        }
        if (defaultChannel == null && channels.isEmpty()) {
            defaultChannel = new RecordingChannel();
        }
        if (retryPolicy == null) {
            retryPolicy = RetryPolicy.ofDefaults();
        }
        if (unknownContactPolicy == null) {
            unknownContactPolicy = UnknownContactPolicy.IGNORE;
        }
        if (duplicateWindow == null) {
            duplicateWindow = Duration.ofHours(24);
        }
        if (maxEventLateness == null) {
            maxEventLateness = duplicateWindow;
        } else if (maxEventLateness.compareTo(duplicateWindow) > 0) {
            throw new IllegalStateException("maxEventLateness (" + maxEventLateness + ") must not be longer than "
                    + "duplicateWindow (" + duplicateWindow + "): an event older than the window may be a copy of "
                    + "one whose id was forgotten, and would be applied twice");
        }
        if (maxRememberedEvents == null) {
            maxRememberedEvents = 1_000_000L;
        }
        if (pollInterval == null) {
            pollInterval = Duration.ofSeconds(1);
        }
        if (refreshInterval == null) {
            refreshInterval = Duration.ofSeconds(1);
        }
        return new JourneyEngine(this);
    }
}
