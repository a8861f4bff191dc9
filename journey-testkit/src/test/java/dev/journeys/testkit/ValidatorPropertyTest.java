package dev.journeys.testkit;

import dev.journeys.core.ChannelChoice;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.validation.JourneyValidator;
import dev.journeys.core.MessageCategory;
import dev.journeys.core.Step;
import dev.journeys.core.ValidationProblem;
import dev.journeys.core.ValidationProblem.Code;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator over generated journeys: every generated journey is valid, and breaking one in a
 * known way (a dangling edge, an unreachable step, a cycle without a wait) is reported with the
 * right code and step.
 */
class ValidatorPropertyTest {

    /** A journey and the index of the step a breakage starts from. */
    record Subject(JourneyDefinition journey, int stepIndex) {
    }

    @Provide
    Arbitrary<Subject> journeysWithAStep() {
        return JourneyArbitraries.journeys().flatMap(journey -> Arbitraries.integers()
                .between(0, journey.steps().size() - 1).map(index -> new Subject(journey, index)));
    }

    private static List<Step> linkable(JourneyDefinition journey) {
        return journey.steps().stream().filter(s -> s instanceof Step.Send || s instanceof Step.Action
                || s instanceof Step.Goal).toList();
    }

    /** Returns the step with its next step replaced; only for sends, actions and goals. */
    private static Step withNext(Step step, String next) {
        if (step instanceof Step.Send s) {
            return new Step.Send(s.id(), s.message(), s.channel(), s.variants(), s.category(), s.purpose(), s.fields(),
                    Optional.of(next));
        } else if (step instanceof Step.Action a) {
            return new Step.Action(a.id(), a.action(), a.parameters(), Optional.of(next));
        } else if (step instanceof Step.Goal g) {
            return new Step.Goal(g.id(), g.name(), g.exit(), Optional.of(next));
        }
        throw new IllegalArgumentException("cannot relink " + step);
    }

    private static JourneyDefinition withSteps(JourneyDefinition journey, List<Step> steps) {
        return new JourneyDefinition(journey.id(), journey.version(), journey.name(), journey.entry(),
                journey.startStep(), steps, journey.exitTriggers(), journey.goal(), journey.policies());
    }

    private static JourneyDefinition replacing(JourneyDefinition journey, Step old, Step replacement, Step... added) {
        List<Step> steps = new ArrayList<>(journey.steps());
        steps.set(steps.indexOf(old), replacement);
        steps.addAll(List.of(added));
        return withSteps(journey, steps);
    }

    private static Step.Send send(String id, Optional<String> next) {
        return new Step.Send(id, id, ChannelChoice.of("email"), List.of(), MessageCategory.MARKETING,
                MessageCategory.MARKETING.defaultPurpose(), List.of(), next);
    }

    @Property(tries = 300, seed = "20260601", edgeCases = EdgeCasesMode.NONE)
    void everyGeneratedJourneyIsValid(@ForAll("journeysWithAStep") Subject subject) {
        assertThat(JourneyValidator.validate(subject.journey())).isEmpty();
        Statistics.label("steps").collect(subject.journey().steps().size() / 5 * 5 + "+");
    }

    @Property(tries = 300, seed = "20260602", edgeCases = EdgeCasesMode.NONE)
    void aDanglingEdgeIsReportedAtTheStepThatHasIt(@ForAll("journeysWithAStep") Subject subject) {
        List<Step> linkable = linkable(subject.journey());
        Step from = linkable.get(subject.stepIndex() % linkable.size());

        JourneyDefinition broken = replacing(subject.journey(), from, withNext(from, "ghost"));

        assertThat(JourneyValidator.validate(broken)).anySatisfy(problem -> {
            assertThat(problem.code()).isEqualTo(Code.DANGLING_REFERENCE);
            assertThat(problem.stepId()).contains(from.id());
        });
        Statistics.label("relinked").collect(from.getClass().getSimpleName());
    }

    @Property(tries = 300, seed = "20260603", edgeCases = EdgeCasesMode.NONE)
    void aStepNothingLeadsToIsReportedUnreachable(@ForAll("journeysWithAStep") Subject subject) {
        Step island = send("island", Optional.empty());
        List<Step> steps = new ArrayList<>(subject.journey().steps());
        steps.add(subject.stepIndex(), island);

        List<ValidationProblem> problems = JourneyValidator.validate(withSteps(subject.journey(), steps));

        assertThat(problems).extracting(ValidationProblem::code, p -> p.stepId().orElse(""))
                .containsExactly(org.assertj.core.api.Assertions.tuple(Code.UNREACHABLE_STEP, "island"));
    }

    @Property(tries = 300, seed = "20260604", edgeCases = EdgeCasesMode.NONE)
    void aLoopWithoutAWaitIsReportedAsACycle(@ForAll("journeysWithAStep") Subject subject) {
        List<Step> linkable = linkable(subject.journey());
        Step from = linkable.get(subject.stepIndex() % linkable.size());
        Step loopA = send("loop-a", Optional.of("loop-b"));
        Step loopB = send("loop-b", Optional.of("loop-a"));

        JourneyDefinition broken = replacing(subject.journey(), from, withNext(from, "loop-a"), loopA, loopB);

        assertThat(JourneyValidator.validate(broken)).extracting(ValidationProblem::code)
                .contains(Code.CYCLE_WITHOUT_WAIT)
                .doesNotContain(Code.DANGLING_REFERENCE);
        Statistics.label("also unreachable").collect(JourneyValidator.validate(broken).stream()
                .anyMatch(p -> p.code() == Code.UNREACHABLE_STEP) ? "the relinked step's old path" : "nothing");
    }
}
