package dev.journeys.dsl;

import dev.journeys.core.Step;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A step being written: its exits are linked as the paths after it are written. Internal. */
final class StepDraft {
    private final List<String> links = new ArrayList<>();
    private final Function<List<Optional<String>>, Step> make;

    StepDraft(Function<List<Optional<String>>, Step> make) {
        this.make = make;
    }

    /** Adds an exit, unlinked, and returns its index. */
    int addExit() {
        links.add(null);
        return links.size() - 1;
    }

    /** Links an exit to a step. */
    void link(int exit, String target) {
        links.set(exit, target);
    }

    Step build() {
        return make.apply(links.stream().map(Optional::ofNullable).toList());
    }
}
