package dev.journeys.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegexTest {

    @Test
    void patternsThatBacktrackExponentiallyInJavaUtilRegexGiveTheirAnswer() {
        Condition tenTimes = attribute("note").matches("(.*a){10}");
        Condition twentyTimes = payload("note").matches("(.*a){20}$");
        Condition.Attribute test = (Condition.Attribute) tenTimes;

        assertThat(Operator.MATCHES.test("a".repeat(9) + "b".repeat(27), test.expected())).isFalse();
        assertThat(Operator.MATCHES.test("ba".repeat(10), test.expected())).isTrue();
        Object twenty = ((Condition.Attribute) twentyTimes).expected();
        assertThat(Operator.MATCHES.test("a".repeat(19) + "x".repeat(10_000), twenty)).isFalse();
        assertThat(Operator.MATCHES.test("a".repeat(20), twenty)).isTrue();
    }

    @Test
    void aBackReferenceIsRejectedWhenTheConditionIsMadeNamingThePatternAndWhy() {
        assertThatThrownBy(() -> payload("code").matches("(a+)+\\1b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'(a+)+\\1b' is not a regular expression RE2 can run: invalid escape sequence (back-references "
                        + "such as \\1 are not supported), in the matches test of 'code'");
        assertThatThrownBy(() -> attribute("email").matches("(?=.*@).*"))
                .hasMessageContaining("look-ahead and look-behind are not supported");
        assertThatThrownBy(() -> attribute("email").matches("a++"))
                .hasMessageContaining("possessive quantifiers are not supported");
        assertThatThrownBy(() -> new Condition.Attribute(Condition.Source.CONTACT, "n", Operator.MATCHES, 5))
                .hasMessage("operator matches on 'n' needs a regular expression as text, was 5");
    }

    @Test
    void aPatternThatWouldCompileToTooManyInstructionsIsRejectedBeforeCompiling() {
        for (String huge : List.of("((a{1000}){1000}){1000}", "(a{100}){1000}", "((((x{10}){10}){10}){10}){2}",
                "((a[)]{1000}){1000})")) {
            assertThatThrownBy(() -> Regex.of(huge)).as(huge).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(huge);
        }
        assertThat(Regex.of("(a{100}){10}").matches("a".repeat(1000))).isTrue();
        assertThatThrownBy(() -> Regex.of("a".repeat(Regex.MAX_LENGTH + 1)))
                .hasMessageStartingWith("regular expression of 1001 characters is longer than the limit of 1000");
    }

    @Test
    void aConditionCompilesOnceIsEqualByItsTextAndPrintsAsBefore() {
        Condition gmail = attribute("email").matches(".*@gmail\\.com");
        Condition.Attribute test = (Condition.Attribute) gmail;

        assertThat(test.expected()).isInstanceOf(Regex.class).hasToString(".*@gmail\\.com");
        assertThat(gmail).isEqualTo(new Condition.Attribute(Condition.Source.CONTACT, "email", Operator.MATCHES,
                ".*@gmail\\.com")).hasSameHashCodeAs(attribute("email").matches(".*@gmail\\.com"));
        assertThat(gmail).hasToString("email matches '.*@gmail\\.com'");
        assertThat(Operator.MATCHES.test("ana@gmail.com", test.expected())).isTrue();
        assertThat(Operator.MATCHES.test("ana@gmail.com", ".*@gmail\\.com")).isTrue();
        assertThat(Operator.MATCHES.test(42, test.expected())).isFalse();
    }
}
