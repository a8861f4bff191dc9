package dev.journeys.core;

import dev.journeys.core.engine.JourneyEngine;
import dev.journeys.core.engine.JourneyEngineBuilder;
import dev.journeys.core.event.JourneyEvent;
import dev.journeys.core.spi.ContactDirectory;
import dev.journeys.core.spi.InMemoryContactDirectory;
import dev.journeys.core.spi.MessageChannel;
import dev.journeys.core.spi.RecordingChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.journeys.core.TestJourneys.T;
import static dev.journeys.core.TestJourneys.email;
import static dev.journeys.core.TestJourneys.go;
import static dev.journeys.core.TestJourneys.to;
import static dev.journeys.core.TestJourneys.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Consent per purpose and unsubscribes, exclusions, suppression, deferring caps, entry rate limits. */
class GovernanceTest {

    private final TestClock clock = new TestClock(T);
    private final InMemoryContactDirectory contacts = ContactDirectory.inMemory()
            .put(Contact.of("ana").withConsent("email", "sms"));
    private final RecordingChannel channel = MessageChannel.recording();
    private final List<JourneyEvent> events = new ArrayList<>();
    private JourneyEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private JourneyEngine engine(JourneyDefinition... journeys) {
        return engine(b -> { }, journeys);
    }

    private JourneyEngine engine(java.util.function.Consumer<JourneyEngineBuilder> options,
                                 JourneyDefinition... journeys) {
        JourneyEngineBuilder builder = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .listener(events::add);
        options.accept(builder);
        for (JourneyDefinition journey : journeys) {
            builder.journey(journey);
        }
        engine = builder.build();
        return engine;
    }

    /** Entered by {@code type}: sends {@code first}, waits a day, sends {@code second}. */
    private static JourneyDefinition twoSends(String id, String type, Step.Send first, Step.Send second,
                                              JourneyPolicies policies) {
        return new JourneyDefinition(id, 1, id, new Entry.OnEvent(Trigger.on(type)), first.id(),
                List.of(first, waitFor(id + "-day", Duration.ofDays(1), to(second.id())), second), List.of(),
                Optional.empty(), policies);
    }

    private static Step.Send send(String id, String channel, String purpose, Optional<String> next) {
        return new Step.Send(id, id, ChannelChoice.of(channel), List.of(), MessageCategory.MARKETING, purpose, next);
    }

    private static JourneyDefinition newsletter() {
        return twoSends("weekly", "subscribe", send("issue-1", "email", "newsletter", to("weekly-day")),
                send("issue-2", "email", "newsletter", Optional.empty()), JourneyPolicies.defaults());
    }

    private static JourneyDefinition promotions(String id, String type, String channel) {
        return twoSends(id, type, send(id + "-1", channel, "marketing", to(id + "-day")),
                send(id + "-2", channel, "marketing", Optional.empty()), JourneyPolicies.defaults());
    }

    private static JourneyDefinition oneSend(String id) {
        return new JourneyDefinition(id, 1, id, new Entry.OnEvent(Trigger.on(id)), id,
                List.of(send(id, "email", "marketing", Optional.empty())), List.of(), Optional.empty());
    }

    private List<String> sent() {
        return channel.sent().stream().map(OutgoingMessage::message).toList();
    }

    private <E extends JourneyEvent> List<E> eventsOf(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private void fire(String type, String contact) {
        engine.accept(Event.of(type + "-" + contact + "-" + clock.instant(), type, contact, clock.instant()));
    }

    // --- consent per channel and purpose ---

    @Test
    void aSendGoesOutOnlyWithConsentToItsChannelForItsPurpose() {
        contacts.put(Contact.of("ana").withConsent(Consent.to("email", "newsletter")));
        engine(newsletter(), promotions("promo", "promo", "email"));

        fire("subscribe", "ana");
        fire("promo", "ana");

        assertThat(sent()).containsExactly("issue-1");
        assertThat(eventsOf(JourneyEvent.MessageSkipped.class)).singleElement().satisfies(skip -> {
            assertThat(skip.stepId()).isEqualTo("promo-1");
            assertThat(skip.reason()).isEqualTo(SkipReason.NO_CONSENT);
        });
        assertThat(channel.sent().get(0).purpose()).isEqualTo("newsletter");
    }

    @Test
    void aWithdrawalOfOnePurposeWinsOverConsentToTheWholeChannel() {
        Contact ana = Contact.of("ana").withConsent("email").withWithdrawn(List.of(Consent.to("email", "newsletter")));

        assertThat(ana.hasConsented("email", "marketing")).isTrue();
        assertThat(ana.hasConsented("email", "newsletter")).isFalse();
        assertThat(ana.withConsent(Consent.to("email", "newsletter")).hasConsented("email", "newsletter")).isTrue();
    }

    // --- unsubscribe ---

    @Test
    void anUnsubscribeWithdrawsTheChannelEndsEveryJourneyThatSendsOnItAndNoLaterJourneyMayUseIt() {
        engine(newsletter(), promotions("promo", "promo", "email"), promotions("texts", "texts", "sms"),
                promotions("later", "later", "email"));
        fire("subscribe", "ana");
        fire("promo", "ana");
        fire("texts", "ana");
        String issue = channel.sent().get(0).messageId();
        clock.advance(Duration.ofHours(2));

        engine.accept(Event.unsubscribed("u1", "ana", clock.instant(), issue, "email"));
        clock.advance(Duration.ofDays(2));
        engine.runDue();
        fire("later", "ana");

        assertThat(eventsOf(JourneyEvent.ConsentChanged.class)).singleElement().satisfies(change -> {
            assertThat(change.consent()).isEqualTo(Consent.to("email"));
            assertThat(change.withdrawn()).isTrue();
            assertThat(change.cause()).isEqualTo("u1");
        });
        assertThat(eventsOf(JourneyEvent.Exited.class)).extracting(e -> e.instance().journeyId(), JourneyEvent.Exited::cause)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("weekly", ExitCause.UNSUBSCRIBED),
                        org.assertj.core.groups.Tuple.tuple("promo", ExitCause.UNSUBSCRIBED),
                        org.assertj.core.groups.Tuple.tuple("texts", ExitCause.COMPLETED));
        assertThat(sent()).containsExactly("issue-1", "promo-1", "texts-1", "texts-2");
        assertThat(eventsOf(JourneyEvent.MessageSkipped.class)).singleElement().satisfies(skip -> {
            assertThat(skip.stepId()).isEqualTo("later-1");
            assertThat(skip.reason()).isEqualTo(SkipReason.NO_CONSENT);
        });
        assertThat(engine.state("ana").orElseThrow().withdrawnConsents()).containsExactly(Consent.to("email"));
    }

    @Test
    void anUnsubscribeFromOnePurposeEndsOnlyTheJourneysOfThatPurpose() {
        engine(newsletter(), promotions("promo", "promo", "email"));
        fire("subscribe", "ana");
        fire("promo", "ana");
        String issue = channel.sent().get(0).messageId();

        engine.accept(Event.unsubscribed("u1", "ana", clock.instant(), issue, "email")
                .withPayload(Attributes.of(Event.CHANNEL, "email", Event.PURPOSE, "newsletter")));
        clock.advance(Duration.ofDays(1));
        engine.runDue();

        assertThat(sent()).containsExactly("issue-1", "promo-1", "promo-2");
        assertThat(eventsOf(JourneyEvent.Exited.class)).extracting(e -> e.instance().journeyId(), JourneyEvent.Exited::cause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("weekly", ExitCause.UNSUBSCRIBED),
                        org.assertj.core.groups.Tuple.tuple("promo", ExitCause.COMPLETED));
    }

    @Test
    void anUnsubscribeWithoutAChannelTakesTheChannelOfTheMessagesStep() {
        engine(newsletter());
        fire("subscribe", "ana");
        String issue = channel.sent().get(0).messageId();

        engine.accept(Event.interaction("u1", InteractionTypes.UNSUBSCRIBED, "ana", clock.instant(), issue));

        assertThat(engine.state("ana").orElseThrow().withdrawnConsents()).containsExactly(Consent.to("email"));
    }

    @Test
    void anUnsubscribeThatNamesNoChannelAndNoKnownMessageIsRejected() {
        engine(newsletter());

        assertThatThrownBy(() -> engine.accept(Event.interaction("u1", InteractionTypes.UNSUBSCRIBED, "ana", T,
                "not-a-message")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsubscribe event 'u1' names no 'channel' in its payload, and its message 'not-a-message' "
                        + "is not one a published journey of this engine sent");
    }

    @Test
    void consentGivenAgainLiftsTheWithdrawal() {
        engine(newsletter());
        fire("subscribe", "ana");
        engine.accept(Event.unsubscribed("u1", "ana", clock.instant(), channel.sent().get(0).messageId(), "email"));
        clock.advance(Duration.ofDays(3));

        engine.accept(Event.consentGiven("c1", "ana", clock.instant(), Consent.to("email")));
        fire("subscribe", "ana");

        assertThat(engine.state("ana").orElseThrow().withdrawnConsents()).isEmpty();
        assertThat(sent()).containsExactly("issue-1", "issue-1");
        assertThat(eventsOf(JourneyEvent.ConsentChanged.class)).extracting(JourneyEvent.ConsentChanged::withdrawn)
                .containsExactly(true, false);
    }

    @Test
    void aMessageWaitingForARetryIsCancelledWhenTheContactUnsubscribes() {
        AtomicBoolean fail = new AtomicBoolean(true);
        MessageChannel flaky = message -> {
            if (fail.getAndSet(false)) {
                throw new IllegalStateException("provider down");
            }
            channel.send(message);
        };
        JourneyDefinition both = promotions("promo", "promo", "email");
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", flaky)
                .listener(events::add).journey(both).journey(newsletter()).build();
        fire("subscribe", "ana"); // the first send fails and waits for a retry
        fire("promo", "ana");
        String promo = channel.sent().get(0).messageId();

        engine.accept(Event.unsubscribed("u1", "ana", clock.instant(), promo, "email"));
        clock.advance(Duration.ofMinutes(5));
        engine.runDue();

        assertThat(sent()).containsExactly("promo-1");
        assertThat(eventsOf(JourneyEvent.EffectCancelled.class)).singleElement()
                .satisfies(c -> assertThat(c.effect().key().stepId()).isEqualTo("issue-1"));
    }

    // --- exclusions and suppression ---

    @Test
    void anExcludedContactCannotEnterAndOneWhoBecomesExcludedLeavesAtTheNextStep() {
        Condition employee = Condition.attribute("employee").isEqualTo(true);
        JourneyDefinition promo = promotions("promo", "promo", "email");
        engine(promo.withPolicies(promo.policies().withExclusion(employee)));
        contacts.put(Contact.of("eve").withConsent("email").withAttributes(Attributes.of("employee", true)));

        fire("promo", "eve");
        fire("promo", "ana");
        clock.advance(Duration.ofHours(3));
        contacts.update("ana", c -> c.withAttributes(Attributes.of("employee", true)));
        clock.advance(Duration.ofDays(1));
        engine.runDue();

        assertThat(eventsOf(JourneyEvent.EntryDeclined.class)).singleElement().satisfies(d -> {
            assertThat(d.contactId()).isEqualTo("eve");
            assertThat(d.reason()).isEqualTo(DeclineReason.EXCLUDED);
        });
        assertThat(eventsOf(JourneyEvent.Exited.class)).singleElement().satisfies(exit -> {
            assertThat(exit.cause()).isEqualTo(ExitCause.EXCLUDED);
            assertThat(exit.stepId()).isEqualTo("promo-2");
            assertThat(exit.at()).isEqualTo(T.plus(Duration.ofHours(3)).plus(Duration.ofDays(1)));
        });
        assertThat(sent()).containsExactly("promo-1");
    }

    @Test
    void aSuppressedContactStaysOnThePathButIsSentNothing() {
        Condition complaint = Condition.attribute("complaintOpen").isEqualTo(true);
        JourneyDefinition promo = promotions("promo", "promo", "email");
        engine(promo.withPolicies(promo.policies().withSuppression(complaint)));
        contacts.update("ana", c -> c.withAttributes(Attributes.of("complaintOpen", true)));

        fire("promo", "ana");
        clock.advance(Duration.ofDays(1));
        contacts.update("ana", c -> c.withAttributes(Attributes.of("complaintOpen", false)));
        engine.runDue();

        assertThat(sent()).containsExactly("promo-2");
        assertThat(eventsOf(JourneyEvent.MessageSkipped.class)).singleElement()
                .satisfies(s -> assertThat(s.reason()).isEqualTo(SkipReason.SUPPRESSED));
        assertThat(eventsOf(JourneyEvent.Exited.class)).singleElement()
                .satisfies(e -> assertThat(e.cause()).isEqualTo(ExitCause.COMPLETED));
    }

    @Test
    void anEngineSuppressionCoversEveryJourneyAndIsCheckedAgainAtDispatch() {
        AtomicBoolean fail = new AtomicBoolean(true);
        MessageChannel flaky = message -> {
            if (fail.getAndSet(false)) {
                throw new IllegalStateException("provider down");
            }
            channel.send(message);
        };
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).channel("email", flaky).listener(events::add)
                .suppression(Condition.attribute("doNotContact").isEqualTo(true))
                .journey(promotions("promo", "promo", "email")).build();
        fire("promo", "ana"); // decided, dispatch fails, waits for a retry

        contacts.update("ana", c -> c.withAttributes(Attributes.of("doNotContact", true)));
        clock.advance(Duration.ofDays(1));
        engine.runDue();

        assertThat(sent()).isEmpty();
        assertThat(eventsOf(JourneyEvent.EffectCancelled.class)).isEmpty();
        // Skipped at dispatch as a send step skips it, with the same event and reason.
        assertThat(eventsOf(JourneyEvent.MessageSkipped.class)).isNotEmpty()
                .allSatisfy(s -> assertThat(s.reason()).isEqualTo(SkipReason.SUPPRESSED));
    }

    // --- caps that defer or exit ---

    @Test
    void aDeferringCapHoldsTheSendUntilTheWindowHasRoom() {
        FrequencyCap onePerDay = FrequencyCap.of(1, Duration.ofDays(1)).deferringUpTo(Duration.ofDays(2));
        engine(b -> b.frequencyCap(onePerDay), oneSend("promo"), oneSend("news"));
        fire("promo", "ana");
        clock.advance(Duration.ofHours(20));

        fire("news", "ana"); // at T+20h: the promo at T fills the window until T+24h
        clock.advance(Duration.ofHours(4));
        engine.runDue();

        assertThat(eventsOf(JourneyEvent.SendDeferred.class)).singleElement().satisfies(d -> {
            assertThat(d.stepId()).isEqualTo("news");
            assertThat(d.until()).isEqualTo(T.plus(Duration.ofDays(1)));
            assertThat(d.reason()).isEqualTo("at most 1 marketing message per PT24H, deferred up to PT48H");
        });
        assertThat(channel.sent()).extracting(OutgoingMessage::message, OutgoingMessage::decidedAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("promo", T),
                org.assertj.core.groups.Tuple.tuple("news", T.plus(Duration.ofDays(1))));
    }

    @Test
    void aDeferringCapSkipsTheSendWhenTheWindowWouldHaveRoomOnlyAfterTheMaximumDeferral() {
        FrequencyCap onePerDay = FrequencyCap.of(1, Duration.ofDays(1)).deferringUpTo(Duration.ofHours(2));
        engine(b -> b.frequencyCap(onePerDay), oneSend("promo"), promotions("news", "news", "email"));
        fire("promo", "ana");
        clock.advance(Duration.ofHours(20));

        fire("news", "ana");

        assertThat(sent()).containsExactly("promo");
        assertThat(eventsOf(JourneyEvent.MessageSkipped.class)).singleElement()
                .satisfies(s -> assertThat(s.reason()).isEqualTo(SkipReason.CAPPED));
        assertThat(engine.state("ana").orElseThrow().instanceOf("news").orElseThrow().stepId()).isEqualTo("news-day");
    }

    @Test
    void anExitingCapEndsTheInstance() {
        engine(b -> b.frequencyCap(FrequencyCap.of(1, Duration.ofDays(7)).exitingWhenReached()),
                promotions("promo", "promo", "email"));

        fire("promo", "ana");
        clock.advance(Duration.ofDays(1));
        engine.runDue();

        assertThat(sent()).containsExactly("promo-1");
        assertThat(eventsOf(JourneyEvent.Exited.class)).singleElement().satisfies(e -> {
            assertThat(e.cause()).isEqualTo(ExitCause.CAP_REACHED);
            assertThat(e.stepId()).isEqualTo("promo-2");
        });
    }

    // --- entry rate limit ---

    private JourneyDefinition limited(EntryRateLimit limit) {
        JourneyDefinition promo = promotions("promo", "promo", "email");
        return new JourneyDefinition("promo", 1, "promo", promo.entry(), promo.startStep(), promo.steps(),
                List.of(Trigger.on("stop")), Optional.empty(), promo.policies().withEntryRateLimit(limit));
    }

    private void addContacts(int n) {
        for (int i = 0; i < n; i++) {
            contacts.put(Contact.of(String.format("c%03d", i)).withConsent("email"));
        }
    }

    @Test
    void entriesOverTheRateLimitWaitTheirTurnInArrivalOrder() {
        addContacts(250);
        engine(limited(EntryRateLimit.of(100, Duration.ofMinutes(1))));
        for (int i = 249; i >= 0; i--) { // arrival order is the reverse of the ids
            fire("promo", String.format("c%03d", i));
        }

        while (engine.nextDueAt().isPresent()) {
            clock.set(engine.nextDueAt().get());
            engine.runDue();
        }

        List<JourneyEvent.Entered> entered = eventsOf(JourneyEvent.Entered.class);
        assertThat(entered).hasSize(250);
        assertThat(entered.subList(0, 100)).allSatisfy(e -> assertThat(e.at()).isEqualTo(T));
        for (int i = 100; i < 250; i++) { // queued ones a millisecond apart, from the window's turn
            Instant turn = T.plusSeconds(i < 200 ? 60 : 120).plusMillis(i < 200 ? i - 100 : i - 200);
            assertThat(entered.get(i).at()).isEqualTo(turn);
            assertThat(entered.get(i).contactId()).isEqualTo(String.format("c%03d", 249 - i)); // in arrival order
        }
        assertThat(entered.get(100).cause()).isEqualTo(
                "admitted by at most 100 entries per PT1M, excess queued after waiting PT1M");
        assertThat(eventsOf(JourneyEvent.EntryQueued.class)).hasSize(150)
                .allSatisfy(q -> assertThat(q.waits()).isPositive());
        assertThat(sent()).hasSize(500); // two sends each
        assertThat(engine.stats().entriesQueued()).isEqualTo(150);
    }

    @Test
    void entriesOverARejectingRateLimitAreTurnedAway() {
        addContacts(150);
        engine(limited(EntryRateLimit.of(100, Duration.ofMinutes(1)).rejecting()));

        for (int i = 0; i < 150; i++) {
            fire("promo", String.format("c%03d", i));
        }
        clock.advance(Duration.ofMinutes(1));
        fire("promo", "c149");

        assertThat(eventsOf(JourneyEvent.EntryDeclined.class)).hasSize(50)
                .allSatisfy(d -> assertThat(d.reason()).isEqualTo(DeclineReason.RATE_LIMITED));
        assertThat(eventsOf(JourneyEvent.Entered.class)).hasSize(101);
    }

    @Test
    void aQueuedEntryRunsNoStepButAnExitTriggerStillEndsIt() {
        addContacts(2);
        engine(limited(EntryRateLimit.of(1, Duration.ofHours(1))));
        fire("promo", "c000");
        fire("promo", "c001");

        fire("stop", "c001");
        clock.advance(Duration.ofHours(2));
        engine.runDue();

        assertThat(sent()).containsExactly("promo-1");
        assertThat(eventsOf(JourneyEvent.Exited.class)).singleElement().satisfies(e -> {
            assertThat(e.contactId()).isEqualTo("c001");
            assertThat(e.cause()).isEqualTo(ExitCause.EXIT_TRIGGER);
        });
    }

    // --- personalisation from the trigger ---

    @Test
    void messagesAndActionsCarryThePayloadOfTheEventThatStartedTheInstance() {
        List<ActionRequest> requests = new ArrayList<>();
        JourneyDefinition cart = new JourneyDefinition("cart", 1, "cart", new Entry.OnEvent(Trigger.on("abandoned")),
                "remind", List.of(email("remind", "reminder", to("alert")),
                new Step.Action("alert", "alert", Attributes.empty(), Optional.empty())), List.of(), Optional.empty(),
                JourneyPolicies.defaults().withTriggerFields(List.of("items")));
        engine = JourneyEngine.builder().clock(clock).contacts(contacts).defaultChannel(channel)
                .action("alert", requests::add).journey(cart).build();
        Attributes items = Attributes.of("items", List.of("grinder", "filters"));

        engine.accept(Event.of("a1", "abandoned", "ana", T).withPayload(items.with("session", "s-17")));

        assertThat(channel.sent()).singleElement().satisfies(m -> assertThat(m.data()).isEqualTo(items));
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.data()).isEqualTo(items));
    }

    // --- preview ---

    @Test
    void aPreviewShowsTheVariantChannelFieldsAndEveryRuleWithoutSendingAnything() {
        Step.Send teaser = new Step.Send("teaser", "teaser-online", ChannelChoice.preferred("email", "sms"),
                List.of(new ContentVariant(Condition.attribute("nearestStore").exists(), "teaser-store")),
                MessageCategory.MARKETING, "launch", to("teaser-day"));
        JourneyDefinition launch = new JourneyDefinition("launch", 1, "launch", new Entry.OnEvent(Trigger.on("launch")),
                "teaser", List.of(teaser, waitFor("teaser-day", Duration.ofDays(1), Optional.empty())), List.of(),
                Optional.empty(), JourneyPolicies.defaults().withQuietHours(
                QuietHours.between(java.time.LocalTime.of(21, 0), java.time.LocalTime.of(8, 0))));
        engine(b -> b.frequencyCap(FrequencyCap.of(1, Duration.ofDays(7))), launch, oneSend("promo"));
        contacts.put(Contact.of("ana").withConsent("email").withConsent(Consent.to("sms", "launch"))
                .withPreferredChannel("email").withAttributes(Attributes.of("nearestStore", "Austin")));
        fire("promo", "ana"); // fills the weekly cap
        clock.set(T.plus(Duration.ofHours(13))); // 22:00 UTC, inside quiet hours

        SendPreview preview = engine.preview("ana", "launch", "teaser");

        assertThat(preview.message()).isEqualTo("teaser-store");
        assertThat(preview.variant()).contains(Condition.attribute("nearestStore").exists());
        assertThat(preview.channel()).isEqualTo("email");
        assertThat(preview.purpose()).isEqualTo("launch");
        assertThat(preview.outcome()).isEqualTo(SendPreview.Outcome.DEFER);
        assertThat(preview.heldUntil()).contains(Instant.parse("2026-03-03T08:00:00Z"));
        assertThat(preview.checks()).extracting(SendPreview.Check::rule, SendPreview.Check::passes).containsExactly(
                org.assertj.core.groups.Tuple.tuple("suppression", true),
                org.assertj.core.groups.Tuple.tuple("consent", true),
                org.assertj.core.groups.Tuple.tuple("quiet hours", false),
                org.assertj.core.groups.Tuple.tuple("frequency caps", false));
        assertThat(preview.describe()).contains("DEFER until 2026-03-03T08:00:00Z",
                "message 'teaser-store' (variant for", "stop frequency caps: cap reached, at most 1 marketing message per PT168H");
        assertThat(engine.state("ana").orElseThrow().instanceOf("launch")).isEmpty();
    }

    @Test
    void aPreviewOfAContactInTheJourneyCarriesTheFieldsOfTheirTrigger() {
        JourneyDefinition cart = new JourneyDefinition("cart", 1, "cart", new Entry.OnEvent(Trigger.on("abandoned")),
                "wait", List.of(waitFor("wait", Duration.ofHours(4), to("remind")),
                email("remind", "reminder", Optional.empty())), List.of(), Optional.empty(),
                JourneyPolicies.defaults().withTriggerFields(List.of("items")));
        engine(cart);
        engine.accept(Event.of("a1", "abandoned", "ana", T).withPayload(Attributes.of("items", List.of("grinder"))));

        SendPreview preview = engine.preview("ana", "cart", "remind");

        assertThat(preview.outcome()).isEqualTo(SendPreview.Outcome.SEND);
        assertThat(preview.fields()).isEqualTo(Attributes.of("items", List.of("grinder")));
        assertThatThrownBy(() -> engine.preview("ana", "cart", "wait"))
                .hasMessage("journey 'cart' v1 has no send step 'wait'; its sends are [remind]");
        assertThatThrownBy(() -> engine.preview("nobody", "cart", "remind"))
                .hasMessage("cannot preview for contact 'nobody': the contact directory does not know them");
    }

    // --- bad input ---

    @Test
    void impossibleLimitsAreRejectedWithClearMessages() {
        assertThatThrownBy(() -> EntryRateLimit.of(0, Duration.ofMinutes(1)))
                .hasMessage("entry rate limit must allow at least 1 entry, was 0");
        assertThatThrownBy(() -> EntryRateLimit.of(10, Duration.ZERO))
                .hasMessage("entry rate limit window must be positive, was PT0S");
        assertThatThrownBy(() -> FrequencyCap.of(1, Duration.ofDays(1)).deferringUpTo(Duration.ZERO))
                .hasMessage("frequency cap maxDeferral must be positive for a deferring cap and zero otherwise, "
                        + "was PT0S for DEFER");
        assertThatThrownBy(() -> FrequencyCap.of(0, Duration.ofDays(1)))
                .hasMessage("frequency cap must allow at least 1 send, was 0");
        assertThatThrownBy(() -> ReentryRule.afterExit().withCoolDownSinceEntry(Duration.ofHours(-1)))
                .hasMessage("re-entry cool-down must not be negative, was PT-1H");
        assertThatThrownBy(() -> QuietHours.between(java.time.LocalTime.NOON, java.time.LocalTime.NOON))
                .hasMessage("quiet hours need different start and end, both were 12:00");
        assertThatThrownBy(() -> Consent.to("email", " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("purpose");
    }

}
