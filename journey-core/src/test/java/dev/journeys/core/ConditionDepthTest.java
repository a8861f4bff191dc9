package dev.journeys.core;

import org.junit.jupiter.api.Test;

import static dev.journeys.core.Condition.attribute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DSL bounds condition nesting as the JSON format's depth limit does, so no walk over one runs deep. */
class ConditionDepthTest {

    @Test
    void conditionsNestUpTo64LevelsAndNoDeeper() {
        Condition condition = attribute("tier").isEqualTo("gold");
        for (int level = 2; level <= Condition.MAX_DEPTH; level++) {
            condition = level % 2 == 0 ? Condition.not(condition) : Condition.allOf(condition, Condition.always());
        }
        Condition deepest = condition;

        assertThat(deepest).isInstanceOf(Condition.Not.class); // made at the limit: 64 levels are allowed
        assertThatThrownBy(() -> Condition.not(deepest)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("conditions nest 65 levels, deeper than the limit of 64");
        assertThatThrownBy(() -> Condition.happenedSinceEntry("visit", deepest))
                .hasMessage("conditions nest 65 levels, deeper than the limit of 64");
        assertThatThrownBy(() -> Condition.hadEvent("visit").where(deepest).atLeastOnce())
                .hasMessage("conditions nest 65 levels, deeper than the limit of 64");
    }

    @Test
    void aConditionSharedByBothSidesOfEachLevelIsMeasuredOnce() {
        // Built as c = allOf(c, c): a tree of 2^63 leaves that is 64 nodes; measuring it must not walk the tree.
        Condition condition = attribute("tier").isEqualTo("gold");
        for (int level = 2; level <= Condition.MAX_DEPTH; level++) {
            condition = Condition.allOf(condition, condition);
        }
        Condition deepest = condition;

        assertThatThrownBy(() -> Condition.anyOf(deepest, deepest))
                .hasMessage("conditions nest 65 levels, deeper than the limit of 64");
    }
}
