package dev.journeys.dsl;

import dev.journeys.core.Entry;
import dev.journeys.core.Condition;
import dev.journeys.core.EntryRateLimit;
import dev.journeys.core.FrequencyCap;
import dev.journeys.core.JourneyPolicies;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.JourneyGoal;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.Pausing;
import dev.journeys.core.QuietHours;
import dev.journeys.core.ReentryRule;
import dev.journeys.core.Step;
import dev.journeys.core.Trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The journey's options and main path. Internal. */
final class MainPath extends AbstractPath<JourneyPath, JourneyPath.End>
        implements JourneyOptions, JourneyPath.End {

    private final String id;
    private final Entry entry;
    private final List<StepDraft> drafts;
    private final String[] start;
    private final List<Trigger> exitTriggers = new ArrayList<>();
    private String name;
    private int version = 1;
    private Optional<JourneyGoal> goal = Optional.empty();
    private JourneyPolicies policies = JourneyPolicies.defaults();
    private final List<Trigger> pauseWhen = new ArrayList<>();
    private final List<Trigger> resumeWhen = new ArrayList<>();
    private boolean stepsBegun;

    MainPath(String id, Entry entry) {
        this(id, entry, new ArrayList<>(), new String[] {""});
    }

    private MainPath(String id, Entry entry, List<StepDraft> drafts, String[] start) {
        super(drafts, List.of(target -> start[0] = target));
        this.id = id;
        this.entry = entry;
        this.drafts = drafts;
        this.start = start;
        this.name = id;
    }

    @Override
    JourneyPath self() {
        return this;
    }

    @Override
    JourneyPath.End ended() {
        return this;
    }

    @Override
    void beforeStep() {
        stepsBegun = true;
    }

    private void requireOptionsOpen(String option) {
        if (stepsBegun) {
            throw new IllegalStateException(option + " must be set before the first step of journey '" + id + "'");
        }
    }

    @Override
    public JourneyOptions named(String name) {
        requireOptionsOpen("named");
        this.name = Objects.requireNonNull(name, "name");
        return this;
    }

    @Override
    public JourneyOptions version(int version) {
        requireOptionsOpen("version");
        if (version < 1) {
            throw new IllegalArgumentException("version of journey '" + id + "' must be at least 1, was " + version);
        }
        this.version = version;
        return this;
    }

    @Override
    public JourneyOptions exitWhen(Trigger trigger) {
        requireOptionsOpen("exitWhen");
        exitTriggers.add(Objects.requireNonNull(trigger, "trigger"));
        return this;
    }

    @Override
    public JourneyOptions goal(String name, Trigger trigger, boolean exit) {
        requireOptionsOpen("goal");
        if (goal.isPresent()) {
            throw new IllegalStateException("the goal of journey '" + id + "' was already set to " + goal.get());
        }
        goal = Optional.of(new JourneyGoal(name, trigger, exit));
        return this;
    }

    @Override
    public JourneyOptions reentry(ReentryRule rule) {
        requireOptionsOpen("reentry");
        policies = policies.withReentry(Objects.requireNonNull(rule, "rule"));
        return this;
    }

    @Override
    public JourneyOptions frequencyCap(FrequencyCap cap) {
        requireOptionsOpen("frequencyCap");
        policies = policies.withCap(cap);
        return this;
    }

    @Override
    public JourneyOptions quietHours(QuietHours quietHours) {
        requireOptionsOpen("quietHours");
        policies = policies.withQuietHours(quietHours);
        return this;
    }

    @Override
    public JourneyOptions exclude(Condition exclusion) {
        requireOptionsOpen("exclude");
        policies = policies.withExclusion(exclusion);
        return this;
    }

    @Override
    public JourneyOptions suppress(Condition suppression) {
        requireOptionsOpen("suppress");
        policies = policies.withSuppression(suppression);
        return this;
    }

    @Override
    public JourneyOptions entryRateLimit(EntryRateLimit limit) {
        requireOptionsOpen("entryRateLimit");
        policies = policies.withEntryRateLimit(limit);
        return this;
    }

    @Override
    public JourneyOptions keepTriggerFields(String... fields) {
        requireOptionsOpen("keepTriggerFields");
        policies = policies.withTriggerFields(List.of(fields));
        return this;
    }

    @Override
    public JourneyOptions pauseWhen(Trigger trigger) {
        requireOptionsOpen("pauseWhen");
        pauseWhen.add(Objects.requireNonNull(trigger, "trigger"));
        return this;
    }

    @Override
    public JourneyOptions resumeWhen(Trigger trigger) {
        requireOptionsOpen("resumeWhen");
        resumeWhen.add(Objects.requireNonNull(trigger, "trigger"));
        return this;
    }

    @Override
    public JourneyDefinition build() {
        List<Step> steps = drafts.stream().map(StepDraft::build).toList();
        return JourneyValidator.requireValid(
                new JourneyDefinition(id, version, name, entry, start[0], steps, exitTriggers, goal,
                        policies.withPausing(new Pausing(pauseWhen, resumeWhen))));
    }
}
