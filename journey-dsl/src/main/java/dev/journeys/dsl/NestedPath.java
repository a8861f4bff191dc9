package dev.journeys.dsl;

import java.util.List;
import java.util.function.Consumer;

/** A path inside a branch, split or wait for an event. Internal. */
final class NestedPath extends AbstractPath<Path, Path.End> implements Path, Path.End {

    NestedPath(List<StepDraft> steps, List<Consumer<String>> tails) {
        super(steps, tails);
    }

    @Override
    Path self() {
        return this;
    }

    @Override
    Path.End ended() {
        return this;
    }
}
