package dev.journeys.dsl.json;

import dev.journeys.core.AttributeType;
import dev.journeys.core.Attributes;
import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Condition;
import dev.journeys.core.ContentVariant;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.JourneyPolicies;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Operator;
import dev.journeys.core.Pausing;
import dev.journeys.core.QuietHours;
import dev.journeys.core.Recurrence;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Schedule;
import dev.journeys.core.Segment;
import dev.journeys.core.Segments;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.payload;

/** A journey and segments that use every element of the model the JSON format covers. */
final class Everything {

    static final Instant LAUNCH = Instant.parse("2026-04-01T14:00:00Z");

    private Everything() {
    }

    /** Every condition kind and every operator, with values of every type attributes hold. */
    static List<Condition> conditions() {
        return List.of(
                attribute("state").isEqualTo("TX"),
                attribute("visits").isNotEqualTo(3),
                attribute("spend").isGreaterThan(new BigDecimal("19.90")),
                attribute("score").isAtLeast(2.5),
                attribute("big").isLessThan(30_000_000_000L),
                attribute("small").isAtMost(7L),
                attribute("tier").isIn("gold", "silver", 3, true),
                attribute("tags").contains("coffee"),
                attribute("email").matches("[^@]+@example\\.com"),
                attribute("phone").exists(),
                attribute("since").isGreaterThan(LAUNCH),
                attribute("nested").isEqualTo(List.of(List.of(1, "a"), List.of())),
                new Condition.Attribute(Condition.Source.CONTACT, "odd", Operator.EXISTS, "ignored"),
                payload("form").isEqualTo("french-press-guide"),
                payload("amount").isGreaterThan(-0.0),
                Condition.clicked("guide", "shop-grinders"),
                Condition.clickedAnyLink("guide"),
                Condition.opened("guide"),
                Condition.happenedSinceEntry("purchase"),
                Condition.happenedSinceEntry("purchase", payload("sku").isEqualTo("grinder")),
                Condition.hadEvent("purchase").where(payload("category").isEqualTo("cold-brew")).atLeastOnce()
                        .within(Duration.ofDays(90)),
                Condition.hadEvent("purchase").never(),
                new Condition.HadEvent("visit", Condition.always(), 2, 5, Optional.of(Duration.ofMinutes(90))),
                Condition.inSegment("adults"),
                Condition.allOf(attribute("a").isEqualTo(1), Condition.not(attribute("b").exists())),
                Condition.anyOf(),
                Condition.always(),
                Condition.not(Condition.anyOf(Condition.opened("guide"), Condition.inSegment("adults"))));
    }

    /** A journey with every step kind, delay, channel choice, policy, goal and exit trigger. */
    static JourneyDefinition journey() {
        List<Condition> conditions = conditions();
        List<Step.Case> cases = new java.util.ArrayList<>();
        for (Condition condition : conditions) {
            cases.add(new Step.Case(condition, Optional.of("wait-instant")));
        }
        cases.add(new Step.Case(Condition.always(), Optional.empty()));
        List<Step> steps = List.of(
                new Step.Send("guide", "french-press-guide", ChannelChoice.of("email"), List.of(), Optional.of("sms")),
                new Step.Send("sms", "café ☕ \"quoted\" \\ back\nslash", ChannelChoice.preferred("push", "sms"),
                        List.of(new ContentVariant(attribute("state").isEqualTo("TX"), "howdy"),
                                new ContentVariant(Condition.opened("guide"), "thanks")),
                        MessageCategory.TRANSACTIONAL, "receipts", List.of("nearestStore", "firstName"),
                        Optional.of("receipt")),
                new Step.Send("receipt", "receipt", ChannelChoice.of("email"), List.of(),
                        MessageCategory.TRANSACTIONAL, Optional.of("two-days")),
                new Step.Wait("two-days", new Delay.Fixed(Duration.ofDays(2)), Optional.of("await")),
                new Step.WaitForEvent("await", Trigger.on("link.clicked").where(payload("link").isEqualTo("shop")),
                        Optional.of("guide"), Duration.ofHours(72).plusSeconds(1), true, Optional.of("branch"),
                        Optional.of("nine")),
                new Step.Wait("nine", new Delay.UntilTimeOfDay(LocalTime.of(9, 0, 30, 5)), Optional.of("branch")),
                new Step.Branch("branch", cases),
                new Step.Wait("wait-instant", new Delay.UntilInstant(LAUNCH.plusNanos(123_456_789),
                        Delay.IfPassed.EXIT), Optional.of("wait-passed")),
                new Step.Wait("wait-passed", new Delay.UntilInstant(LAUNCH, Delay.IfPassed.CONTINUE),
                        Optional.of("ab")),
                new Step.Split("ab", List.of(new Step.SplitPath("a", 50, Optional.of("task")),
                        new Step.SplitPath("b", 30, Optional.of("goal")),
                        new Step.SplitPath("holdout", 20, Optional.of("holdout-exit")))),
                new Step.Action("task", "create-task", Attributes.of("queue", "sales", "priority", 2,
                        "big", 5_000_000_000L, "small", 5L, "ratio", 0.25, "price", new BigDecimal("1.50E+3"),
                        "due", LAUNCH, "urgent", true, "tags", List.of("a", 1, List.of(false)),
                        "odd name.with 'quotes'", "x"), Optional.of("bare")),
                new Step.Action("bare", "log", Attributes.empty(), Optional.of("goal")),
                new Step.Goal("goal", "converted", false, Optional.of("done")),
                new Step.Goal("done", "finished", true, Optional.empty()),
                new Step.Exit("holdout-exit", "held out"));
        JourneyPolicies policies = JourneyPolicies.defaults()
                .withReentry(ReentryRule.always().withCoolDownSinceExit(Duration.ofHours(24)).withMaxEntries(3))
                .withCap(FrequencyCap.of(2, Duration.ofDays(7)).onChannel("email"))
                .withCap(FrequencyCap.of(1, Duration.ofDays(1)).includingTransactional()
                        .deferringUpTo(Duration.ofDays(2)))
                .withCap(FrequencyCap.of(5, Duration.ofDays(30)).exitingWhenReached())
                .withQuietHours(QuietHours.between(LocalTime.of(21, 0), LocalTime.of(8, 0))
                        .withMaxDeferral(Duration.ofHours(12)))
                .withPausing(new Pausing(List.of(Trigger.on("opportunity.created")),
                        List.of(Trigger.on("opportunity.lost").where(payload("reason").isEqualTo("price")))))
                .withExclusion(attribute("employee").isEqualTo(true))
                .withExclusion(Condition.inSegment("adults"))
                .withSuppression(Condition.hadEvent("complaint").atLeastOnce().within(Duration.ofDays(30)))
                .withEntryRateLimit(EntryRateLimit.of(100, Duration.ofMinutes(1)).rejecting())
                .withTriggerFields(List.of("items", "total", "form", "amount")); // the branch reads form and amount
        return new JourneyDefinition("everything", 3, "Every element",
                new Entry.OnEvent(Trigger.on("form.submitted").where(payload("form").isEqualTo("guide"))),
                "guide", steps,
                List.of(Trigger.on("purchase.completed"), Trigger.on("unsubscribed").where(attribute("vip").exists())),
                Optional.of(new JourneyGoal("bought", Trigger.on("purchase.completed"), true)), policies);
    }

    /** Segment entries with every kind of schedule and recurrence. */
    static List<Entry> segmentEntries() {
        return List.of(
                new Entry.FromSegment("cold-brew-fans"),
                new Entry.FromSegment("cold-brew-fans", Optional.of(Schedule.at(LAUNCH))),
                new Entry.FromSegment("cold-brew-fans", Optional.of(Schedule.at(LAUNCH)
                        .repeating(Recurrence.weekly()).until(LAUNCH.plus(Duration.ofDays(28))))),
                new Entry.FromSegment("cold-brew-fans", Optional.of(Schedule.at(LAUNCH)
                        .repeating(new Recurrence.Every(Duration.ofMinutes(90))))),
                new Entry.FromSegment("cold-brew-fans", Optional.of(Schedule.at(LAUNCH)
                        .repeating(Recurrence.cron("0 9 * * MON", ZoneId.of("America/Chicago"))))),
                new Entry.FromSegment("cold-brew-fans", Optional.of(Schedule.at(LAUNCH)
                        .repeating(Recurrence.cron("30  8 1,15 * *", ZoneId.of("+05:30"))))));
    }

    /** Segments with declared attribute types, names and references between them. */
    static Segments segments() {
        return Segments.builder()
                .attribute("state", AttributeType.TEXT)
                .attribute("age", AttributeType.NUMBER)
                .attribute("vip", AttributeType.BOOLEAN)
                .attribute("since", AttributeType.INSTANT)
                .attribute("tags", AttributeType.LIST)
                .segment(Segment.of("adults", attribute("age").isAtLeast(18)).named("Adults"))
                .segment(Segment.of("cold-brew-fans", Condition.inSegment("adults")
                        .and(Condition.hadEvent("purchase").where(payload("category").isEqualTo("cold-brew"))
                                .atLeastOnce().within(Duration.ofDays(90)))
                        .and(Condition.hadEvent("purchase")
                                .where(payload("product").isEqualTo("cold-brew-concentrate")).never())))
                .segment(Segment.of("texans", attribute("state").isEqualTo("TX").or(attribute("tags").contains("tx"))))
                .build();
    }
}
