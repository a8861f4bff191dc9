package dev.journeys.dsl.diagram;

import dev.journeys.core.Attributes;
import dev.journeys.core.ChannelChoice;
import dev.journeys.core.Delay;
import dev.journeys.core.Entry;
import dev.journeys.core.JourneyDefinition;
import dev.journeys.core.Recurrence;
import dev.journeys.core.Schedule;
import dev.journeys.core.Step;
import dev.journeys.dsl.Journey;
import dev.journeys.dsl.Message;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.journeys.core.Condition.attribute;
import static dev.journeys.core.Condition.custom;
import static dev.journeys.core.Condition.payload;
import static dev.journeys.core.Trigger.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class JourneyDiagramTest {

    /** A branch, a split, a wait for an event and a loop back to the first send. */
    private static JourneyDefinition winBack() {
        return Journey.withId("win-back").triggeredBy(on("subscription.lapsed"))
                .named("Win them back")
                .exitWhen(on("subscription.renewed"))
                .send("offer", Message.email("come-back-offer"))
                .waitForEvent("opened?", on("email.opened"), Duration.ofDays(3), w -> w.about("offer")
                        .onEvent(p -> p.branch("gold?", b -> b
                                .when(attribute("tier").isEqualTo("gold"), q -> q.send("gift", Message.sms("gift")))
                                .otherwise(q -> q.split("test", s -> s
                                        .path("a", 50, r -> r.send("coupon", Message.email("coupon")))
                                        .path("b", 50, r -> r.end())))))
                        .onTimeout(p -> p.waitFor("two-days", Duration.ofDays(2)).goTo("offer")))
                .build();
    }

    /** Every kind of step, a segment entry on a schedule, and every journey-wide trigger. */
    private static JourneyDefinition everyKind() {
        return Journey.withId("every-kind")
                .fromSegment("lapsed", Schedule.at(Instant.parse("2026-04-01T14:00:00Z")).repeating(Recurrence.weekly()))
                .named("Every kind")
                .exitWhen(on("unsubscribed"))
                .goal("purchase", on("purchase.completed"), true)
                .pauseWhen(on("ticket.opened"))
                .resumeWhen(on("ticket.closed"))
                .send("hello", Message.preferred("hello", "email", "sms")
                        .withVariant(attribute("nearestStore").exists(), "hello-nearby"))
                .waitFor("a-day", Duration.ofHours(30))
                .waitUntil("sale", Instant.parse("2026-05-01T00:00:00Z"), Delay.IfPassed.EXIT)
                .waitUntilLocalTime("nine", LocalTime.of(9, 0))
                .waitForEvent("clicked?", on("link.clicked").where(payload("link").isEqualTo("shop")),
                        Duration.ofDays(2), w -> w.about("hello").lookingBack()
                                .onEvent(p -> p.exitWithGoal("converted", "clicked"))
                                .onTimeout(p -> { }))
                .split("ab", s -> s
                        .path("a", 1, p -> p.action("task", "create-task", Attributes.of("queue", "sales")))
                        .path("b", 2, p -> p.goal("b-goal", "saw b")))
                .branch("vip?", b -> b
                        .when(attribute("tier").isEqualTo("gold"),
                                p -> p.send("receipt", Message.email("receipt").transactional()))
                        .otherwise(p -> p.exit("bye", "not a vip")))
                .build();
    }

    /** Quotes, brackets, pipes, angle brackets, backslashes, line breaks, a control character and unicode. */
    private static JourneyDefinition tricky() {
        return Journey.withId("tricky\"one\\two").triggeredBy(on("sign \"up\" <now>"))
                .named("Say \"hi\"\n[to] {all} | ✓ 日本語 😀")
                .send("fan?", Message.email("a\\b `c` #quot; & <b>"))
                .branch("a[b]{c}(d)", b -> b
                        .when(custom("\"]) --> evil[\"", c -> true), p -> p.send("two-days", Message.email("x")))
                        .otherwise(p -> p.exit("end", "line\r\nbreak\u0007bell")))
                .build();
    }

    @Test
    void mermaidDrawsBranchSplitWaitForEventAndLoop() {
        assertThat(JourneyDiagram.mermaid(winBack())).isEqualTo("""
                flowchart TD
                    start(["Win them back<br/>on 'subscription.lapsed'"])
                    n0["offer<br/>send come-back-offer by email"]
                    n1{{"opened?<br/>wait up to 3 days for 'email.opened'<br/>about the message of 'offer'"}}
                    n2{"gold?"}
                    n3["gift<br/>send gift by sms"]
                    n4[/"test"\\]
                    n5["coupon<br/>send coupon by email"]
                    n6("two-days<br/>wait 2 days")
                    done((("End")))
                    notes["exit when 'subscription.renewed'"]:::note
                    start --> n0
                    n0 --> n1
                    n1 -->|"on event"| n2
                    n1 -->|"timeout"| n6
                    n2 -->|"tier == 'gold'"| n3
                    n2 -->|"otherwise"| n4
                    n3 --> done
                    n4 -->|"a (50%)"| n5
                    n4 -->|"b (50%)"| done
                    n5 --> done
                    n6 -.-> n0
                    classDef note stroke-dasharray: 4 4
                """);
    }

    @Test
    void dotDrawsBranchSplitWaitForEventAndLoop() {
        assertThat(JourneyDiagram.dot(winBack())).isEqualTo("""
                digraph "win-back v1" {
                    start [shape=oval, label="Win them back\\non 'subscription.lapsed'"];
                    n0 [shape=box, label="offer\\nsend come-back-offer by email"];
                    n1 [shape=hexagon, label="opened?\\nwait up to 3 days for 'email.opened'\\nabout the message of 'offer'"];
                    n2 [shape=diamond, label="gold?"];
                    n3 [shape=box, label="gift\\nsend gift by sms"];
                    n4 [shape=trapezium, label="test"];
                    n5 [shape=box, label="coupon\\nsend coupon by email"];
                    n6 [shape=box, style=rounded, label="two-days\\nwait 2 days"];
                    done [shape=doublecircle, label="End"];
                    notes [shape=note, label="exit when 'subscription.renewed'"];
                    start -> n0;
                    n0 -> n1;
                    n1 -> n2 [label="on event"];
                    n1 -> n6 [label="timeout"];
                    n2 -> n3 [label="tier == 'gold'"];
                    n2 -> n4 [label="otherwise"];
                    n3 -> done;
                    n4 -> n5 [label="a (50%)"];
                    n4 -> done [label="b (50%)"];
                    n5 -> done;
                    n6 -> n0 [style=dashed];
                }
                """);
    }

    @Test
    void everyStepKindIsDrawnWithWhatItDoes() {
        assertThat(JourneyDiagram.mermaid(everyKind())).isEqualTo("""
                flowchart TD
                    start(["Every kind<br/>segment 'lapsed'<br/>at 2026-04-01T14:00:00Z, then every 7 days"])
                    n0["hello<br/>send hello by preferred of email, sms<br/>or hello-nearby if nearestStore exists"]
                    n1("a-day<br/>wait 1 day 6 hours")
                    n2[/"sale<br/>wait until 2026-05-01T00:00:00Z, exit if passed"/]
                    n3[/"nine<br/>wait until 09:00 local time"/]
                    n4{{"clicked?<br/>wait up to 2 days for 'link.clicked' where event.link == 'shop'<br/>about the message of 'hello'<br/>counting events since entry"}}
                    n5>"converted<br/>goal 'clicked' and exit"]
                    n6[/"ab"\\]
                    n7[["task<br/>action create-task<br/>with queue=sales"]]
                    n8>"b-goal<br/>goal 'saw b'"]
                    n9{"vip?"}
                    n10["receipt<br/>send receipt by email (transactional)"]
                    n11(("bye<br/>exit: not a vip"))
                    done((("End")))
                    notes["exit when 'unsubscribed'<br/>goal 'purchase' when 'purchase.completed', and exit<br/>pause when 'ticket.opened'<br/>resume when 'ticket.closed'"]:::note
                    start --> n0
                    n0 --> n1
                    n1 --> n2
                    n2 --> n3
                    n3 --> n4
                    n4 -->|"on event"| n5
                    n4 -->|"timeout"| n6
                    n6 -->|"a (33.3%)"| n7
                    n6 -->|"b (66.7%)"| n8
                    n7 --> n9
                    n8 --> n9
                    n9 -->|"tier == 'gold'"| n10
                    n9 -->|"otherwise"| n11
                    n10 --> done
                    classDef note stroke-dasharray: 4 4
                """);
    }

    @Test
    void everyStepKindHasItsOwnShapeInBothFormats() {
        JourneyDefinition journey = everyKind();
        Map<String, String> mermaid = shapes(JourneyDiagram.mermaid(journey),
                Pattern.compile("^    (\\w+)([\\[({>/]+)\".*\"([\\]})/\\\\]+(?::::note)?)$", Pattern.MULTILINE));
        Map<String, String> dot = shapes(JourneyDiagram.dot(journey),
                Pattern.compile("^    (\\w+) \\[(shape=\\w+(?:, style=\\w+)?), label=", Pattern.MULTILINE));

        // start, send, wait, wait until, wait for event, goal, split, action, branch, exit, End, note
        List<String> kinds = List.of("start", "n0", "n1", "n2", "n4", "n5", "n6", "n7", "n9", "n11", "done", "notes");
        assertThat(mermaid).hasSize(15);
        assertThat(dot).hasSize(15);
        assertThat(kinds.stream().map(mermaid::get).distinct()).hasSize(kinds.size());
        assertThat(kinds.stream().map(dot::get).distinct()).hasSize(kinds.size());
        assertThat(mermaid.get("n3")).isEqualTo(mermaid.get("n2")); // both wait until: an instant, a time of day
        assertThat(mermaid.get("n8")).isEqualTo(mermaid.get("n5")); // both goals
        assertThat(mermaid.get("n10")).isEqualTo(mermaid.get("n0")); // both sends
        assertThat(dot).containsEntry("n0", "shape=box").containsEntry("n1", "shape=box, style=rounded")
                .containsEntry("n2", "shape=parallelogram").containsEntry("n4", "shape=hexagon")
                .containsEntry("n6", "shape=trapezium").containsEntry("n9", "shape=diamond")
                .containsEntry("n11", "shape=octagon").containsEntry("done", "shape=doublecircle");
    }

    /**
     * Returns each node's shape: the text around its label in Mermaid (groups 2 and 3 of the
     * pattern), its shape attributes in DOT (group 2).
     */
    private static Map<String, String> shapes(String text, Pattern node) {
        Map<String, String> shapes = new LinkedHashMap<>();
        Matcher m = node.matcher(text);
        while (m.find()) {
            shapes.put(m.group(1), m.groupCount() == 3 ? m.group(2) + "…" + m.group(3) : m.group(2));
        }
        return shapes;
    }

    @Test
    void mermaidLabelsEscapeWhatWouldBreakTheDiagramAndKeepUnicode() {
        assertThat(JourneyDiagram.mermaid(tricky())).isEqualTo("""
                flowchart TD
                    start(["Say #quot;hi#quot;<br/>[to] {all} #124; ✓ 日本語 😀<br/>on 'sign #quot;up#quot; #lt;now#gt;'"])
                    n0["fan?<br/>send a#92;b #96;c#96; #35;quot; #amp; #lt;b#gt; by email"]
                    n1{"a[b]{c}(d)"}
                    n2["two-days<br/>send x by email"]
                    n3(("end<br/>exit: line<br/>break bell"))
                    done((("End")))
                    start --> n0
                    n0 --> n1
                    n1 -->|"#quot;]) --#gt; evil[#quot;"| n2
                    n1 -->|"otherwise"| n3
                    n2 --> done
                """);
    }

    @Test
    void dotLabelsEscapeQuotesAndBackslashesAndKeepUnicode() {
        assertThat(JourneyDiagram.dot(tricky())).isEqualTo("""
                digraph "tricky\\"one\\\\two v1" {
                    start [shape=oval, label="Say \\"hi\\"\\n[to] {all} | ✓ 日本語 😀\\non 'sign \\"up\\" <now>'"];
                    n0 [shape=box, label="fan?\\nsend a\\\\b `c` #quot; & <b> by email"];
                    n1 [shape=diamond, label="a[b]{c}(d)"];
                    n2 [shape=box, label="two-days\\nsend x by email"];
                    n3 [shape=octagon, label="end\\nexit: line\\nbreak bell"];
                    done [shape=doublecircle, label="End"];
                    start -> n0;
                    n0 -> n1;
                    n1 -> n2 [label="\\"]) --> evil[\\""];
                    n1 -> n3 [label="otherwise"];
                    n2 -> done;
                }
                """);
    }

    @Test
    void noMermaidLabelHoldsACharacterThatEndsItOrStartsMarkup() {
        String text = JourneyDiagram.mermaid(tricky(), StepAnnotations.none().withEntry("<\"|\\`>")
                .with("fan?", "]\"|#<br>&"));
        Matcher label = Pattern.compile("\"(.*?)\"(?=[\\])}/\\\\|])").matcher(text);
        int labels = 0;
        while (label.find()) {
            labels++;
            assertThat(label.group(1).replace("<br/>", "")).doesNotContain("<", "\"", "|", "\\", "`", "&", ">", "\n");
        }
        assertThat(labels).isEqualTo(8); // 6 nodes and 2 labelled edges, and none missed a quote
    }

    @Test
    void stepIdsThatAreNotNodeIdsAreShownOnlyInLabels() {
        String mermaid = JourneyDiagram.mermaid(tricky());
        String dot = JourneyDiagram.dot(tricky());

        assertThat(mermaid).contains("    n0[\"fan?<br/>", "    n1{\"a[b]{c}(d)\"}", "    n3((\"end<br/>");
        assertThat(dot).contains("    n0 [shape=box, label=\"fan?\\n", "    n3 [shape=octagon, label=\"end\\n");
        assertThat(Pattern.compile("^    (\\w+)", Pattern.MULTILINE).matcher(mermaid + dot).results()
                .map(r -> r.group(1))).allMatch(id -> id.matches("start|n\\d+|done|notes|classDef"));
    }

    @Test
    void annotationsAppearUnderTheirStepsAndTheStart() {
        StepAnnotations counts = StepAnnotations.none()
                .withEntry("entered 1,000")
                .with("offer", "reached 1,000 · sent 940 · skipped 60 (CAPPED)")
                .with("test", "reached 80\nwaiting 2");

        String mermaid = JourneyDiagram.mermaid(winBack(), counts);
        String dot = JourneyDiagram.dot(winBack(), counts);

        assertThat(mermaid).contains(
                "    start([\"Win them back<br/>on 'subscription.lapsed'<br/>entered 1,000\"])\n",
                "    n0[\"offer<br/>send come-back-offer by email<br/>reached 1,000 · sent 940 · skipped 60 (CAPPED)\"]\n",
                "    n4[/\"test<br/>reached 80<br/>waiting 2\"\\]\n",
                "    n2{\"gold?\"}\n");
        assertThat(dot).contains(
                "    start [shape=oval, label=\"Win them back\\non 'subscription.lapsed'\\nentered 1,000\"];\n",
                "    n0 [shape=box, label=\"offer\\nsend come-back-offer by email\\nreached 1,000 · sent 940 · skipped 60 (CAPPED)\"];\n",
                "    n4 [shape=trapezium, label=\"test\\nreached 80\\nwaiting 2\"];\n");
        assertThat(JourneyDiagram.mermaid(winBack(), StepAnnotations.none())).isEqualTo(JourneyDiagram.mermaid(winBack()));
    }

    @Test
    void annotationsOfStepsTheJourneyDoesNotHaveAreRejected() {
        StepAnnotations counts = StepAnnotations.of(Map.of("offer", "reached 3", "ofer", "reached 1"));

        assertThatThrownBy(() -> JourneyDiagram.dot(winBack(), counts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("annotations name steps that journey 'win-back' v1 does not have: [ofer]; its steps are "
                        + "[offer, opened?, gold?, gift, test, coupon, two-days]");
    }

    @Test
    void theSameJourneyGivesTheSameText() {
        assertThat(JourneyDiagram.mermaid(everyKind())).isEqualTo(JourneyDiagram.mermaid(everyKind()));
        assertThat(JourneyDiagram.dot(everyKind())).isEqualTo(JourneyDiagram.dot(everyKind()));
    }

    @Test
    void aSegmentJourneyWithoutScheduleIsEnrolledByTheHost() {
        JourneyDefinition journey = Journey.withId("by-hand").fromSegment("vips")
                .send("hello", Message.email("hello")).build();

        assertThat(JourneyDiagram.mermaid(journey)).startsWith("""
                flowchart TD
                    start(["by-hand<br/>segment 'vips'<br/>enrolled by the host"])
                """);
    }

    @Test
    void aStepThatLeadsBackToItselfIsALoop() {
        JourneyDefinition journey = new JourneyDefinition("tick", 1, "Tick", new Entry.OnEvent(on("go")), "daily",
                List.of(new Step.Wait("daily", new Delay.Fixed(Duration.ofDays(1)), Optional.of("daily"))),
                List.of(), Optional.empty());

        assertThat(JourneyDiagram.mermaid(journey)).endsWith("""
                    start --> n0
                    n0 -.-> n0
                """);
        assertThat(JourneyDiagram.dot(journey)).contains("    n0 -> n0 [style=dashed];\n");
    }

    @Test
    void aJourneyThatNamesAMissingStepCannotBeDrawn() {
        JourneyDefinition journey = new JourneyDefinition("broken", 1, "Broken", new Entry.OnEvent(on("go")), "first",
                List.of(new Step.Send("first", "hello", ChannelChoice.of("email"), List.of(), Optional.of("ghost"))),
                List.of(), Optional.empty());

        assertThatThrownBy(() -> JourneyDiagram.mermaid(journey))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("journey 'broken' v1 names steps it does not have, so it cannot be drawn: "
                        + "step 'ghost' after 'first'");
    }

    @Test
    void durationsAndSharesReadAsWords() {
        assertThat(Wording.duration(Duration.ofHours(30))).isEqualTo("1 day 6 hours");
        assertThat(Wording.duration(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
        assertThat(Wording.duration(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Wording.duration(Duration.ofMillis(500))).isEqualTo("PT0.5S");
        assertThat(Wording.splitPath(new Step.SplitPath("a", 1, Optional.empty()), 3)).isEqualTo("a (33.3%)");
        assertThat(Wording.splitPath(new Step.SplitPath("b", 1, Optional.empty()), 4)).isEqualTo("b (25%)");
    }

    @Test
    void graphvizReadsTheDotOutputWhenItIsInstalled() throws IOException, InterruptedException {
        Optional<File> dot = onPath("dot");
        assumeTrue(dot.isPresent(), "Graphviz 'dot' is not on the PATH");
        for (JourneyDefinition journey : List.of(winBack(), everyKind(), tricky())) {
            Process process = new ProcessBuilder(dot.get().getPath(), "-Tsvg").redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(JourneyDiagram.dot(journey).getBytes(StandardCharsets.UTF_8));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            process.getInputStream().transferTo(out);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("dot -Tsvg on %s said: %s", journey, out).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("<svg").doesNotContain("Warning", "Error");
        }
    }

    private static Optional<File> onPath(String program) {
        String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Arrays.stream(path.split(File.pathSeparator))
                .map(dir -> new File(dir, program)).filter(File::canExecute).findFirst();
    }
}
