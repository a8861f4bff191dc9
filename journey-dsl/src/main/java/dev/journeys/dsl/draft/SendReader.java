package dev.journeys.dsl.draft;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a send: its verb ("send", "email", "text", "remind", "follow up with"), to whom ("the
 * customer", or a group such as "the loyalty members in Texas", which makes a segment journey),
 * the message, its channel ("by SMS", "in their preferred channel", "by email or SMS") and when
 * ("two days later", "on March 10", "when someone signs up", "if they click"). Internal.
 */
final class SendReader {

    static final Set<String> CHANNEL_NOUNS = Set.of("email", "emails", "mail", "sms", "text", "texts",
            "message", "messages", "notification", "notifications", "push", "mailing");
    /** Words that say how or when, not what: dropped from a message's name. */
    private static final Set<String> NOT_NAMES = Set.of("instead", "too", "also", "please", "now", "again",
            "anyway", "afterwards");
    private static final Set<String> INTERNAL = Set.of("team", "sales", "manager", "managers", "rep", "reps",
            "queue", "me", "us", "agent", "agents", "admin", "admins", "owner", "desk", "support", "marketing",
            "crm", "slack");
    private static final String INTERNAL_RECIPIENT = "a send goes to the contact in the journey, so this one was "
            + "left out; to tell your own team, write an action such as 'alert the sales team'";

    private final TimeReader times;

    SendReader(TimeReader times) {
        this.times = times;
    }

    List<Clause> send(Cursor c, boolean afterCondition) {
        int start = c.position();
        List<String> channels = new ArrayList<>();
        List<String> prefix = new ArrayList<>();
        if (c.accept("send", "deliver", "share", "resend")) {
            c.accept("out");
        } else if (c.accept("email", "mail")) {
            channels.add("email");
        } else if (c.accept("text", "sms")) {
            channels.add("sms");
        } else if (c.accept("push")) {
            channels.add("push");
        } else if (c.accept("message")) {
            // "message them ..."
        } else if (c.acceptAll("follow", "up") || c.accept("follow-up")) {
            c.accept("with");
            prefix.add("follow-up");
        } else if (c.accept("remind", "nudge")) {
            prefix.add("reminder");
        } else if (c.accept("thank")) {
            prefix.add("thank-you");
            c.accept("them", "him", "her", "everyone", "the");
            c.accept("customer", "contact", "lead");
            c.accept("for");
        } else if (c.accept("invite")) {
            prefix.add("invitation");
            c.accept("them", "him", "her", "everyone", "the");
            c.accept("customer", "contact", "lead");
            c.accept("to");
        } else if (c.accept("welcome") && c.accept("them", "him", "her", "everyone")) {
            prefix.add("welcome");
        } else if (c.accept("ask", "encourage", "invite")) {
            c.accept("them", "him", "her", "everyone", "the");
            c.accept("customer", "contact", "lead");
            if (!c.accept("to", "for")) {
                c.reset(start);
                return List.of();
            }
            c.accept("fill", "complete", "take", "answer", "leave", "write", "give", "rate", "review", "try",
                    "book", "visit", "read", "watch", "share", "join");
            c.accept("in", "out", "us", "a", "an", "the", "our");
            prefix.add("request");
        } else if (c.accept("notify", "tell", "inform", "update", "ping", "alert") && c.lookingAt("them")
                || c.acceptAll("let", "them", "know")) {
            // a message to the contact; the same verbs to the team are actions
            c.accept("them");
            c.accept("about", "of", "that");
        } else if (afterCondition && (c.accept("get", "gets", "receive", "receives")
                || c.acceptAll("should", "get") || c.acceptAll("should", "receive")
                || c.acceptAll("will", "get") || c.acceptAll("will", "receive"))) {
            // "those who click get the offer"
        } else {
            return List.of();
        }
        if (c.lookingAt("more", "than") || c.lookingAt("no", "more") || c.lookingAt("at", "most")
                || c.lookingAt("up", "to")) {
            c.reset(start);
            return List.of();
        }
        return sendBody(c, start, channels, prefix, true);
    }

    /**
     * Reads a send whose verb was said before: "send a thank-you email, then a care guide after 3
     * days and a review request after 10 days".
     */
    List<Clause> implicitSend(Cursor c) {
        int start = c.position();
        if (!Set.of("a", "an", "the", "our", "their", "your", "another").contains(c.peek())) {
            return List.of();
        }
        List<Clause> read = sendBody(c, start, List.of(), List.of(), false);
        return read.stream().anyMatch(Clause.Send.class::isInstance) ? read : List.of();
    }

    /**
     * Reads a send whose recipients come first: "new subscribers should get a welcome email",
     * "VIP members receive the early access offer".
     */
    List<Clause> recipientsFirst(Cursor c) {
        int start = c.position();
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && words.size() < 8 && !Happenings.boundary(c) && !Set.of("should", "will", "get", "gets",
                "receive", "receives", "must", "can").contains(c.peek())) {
            words.add(c.next());
        }
        int end = c.position();
        c.accept("should", "will", "must", "can");
        if (words.isEmpty() || !names(words) || !c.accept("get", "gets", "receive", "receives")) {
            c.reset(start);
            return List.of();
        }
        String phrase = c.text(start, end);
        List<Clause> read = sendBody(c, c.position(), List.of(), List.of(), false);
        List<Clause> out = new ArrayList<>();
        for (Clause clause : read) {
            if (clause instanceof Clause.Send send && words.stream().anyMatch(Words.GROUP_NOUNS::contains)
                    && send.recipients().isEmpty()) {
                out.add(new Clause.Send(send.asset(), send.again(), send.channels(), send.preferred(),
                        send.eachChannel(), Optional.of(new Asset(Placeholder.Kind.SEGMENT,
                        ClauseReader.segmentSlug(words), phrase)), phrase + " " + send.text()));
            } else {
                out.add(clause);
            }
        }
        return out.stream().anyMatch(Clause.Send.class::isInstance) ? out : List.of();
    }

    /**
     * Reads what follows a send's verb: the recipient, the message, its channel, time and
     * condition. "The welcome pack and the class checklist" are two sends; the second takes the
     * verb's channel and, if the first names none, gives the first its own.
     */
    List<Clause> sendBody(Cursor c, int start, List<String> verbChannels, List<String> prefix,
                                  boolean first) {
        List<String> channels = new ArrayList<>(verbChannels);
        List<Clause> before = new ArrayList<>();
        List<Clause> after = new ArrayList<>();
        Optional<Asset> recipients = first ? recipients(c, after) : Optional.empty();
        int nameFrom = -1;
        int nameTo = -1;
        List<String> name = new ArrayList<>();
        boolean[] preferred = {false};
        boolean[] each = {false};
        if (prefix.contains("reminder")) {
            c.accept("them", "him", "her", "the", "everyone");
            c.accept("customer", "contact", "lead");
            c.accept("about", "of", "to");
        }
        while (!c.atEnd()) {
            int at = c.position();
            if (timeTail(c, before)) {
                continue;
            }
            c.reset(at);
            if (channelTail(c, channels, preferred, each)) {
                continue;
            }
            c.reset(at);
            if (c.lookingAt("to") && recipients.isEmpty()) {
                Optional<Asset> group = toTail(c, after);
                if (group.isPresent()) {
                    recipients = group;
                    continue;
                }
                if (c.position() > at) {
                    continue;
                }
                c.reset(at);
            }
            if (c.accept("immediately", "instantly", "now") || c.acceptAll("right", "away")
                    || c.acceptAll("straight", "away") || c.acceptAll("at", "once")) {
                continue;
            }
            if (whenTail(c, before)) {
                continue;
            }
            c.reset(at);
            if (c.lookingAt("if") || c.lookingAt("unless") || c.lookingAt("only", "if")) {
                c.accept("only");
                List<Clause> condition = ConditionReader.condition(c);
                if (!condition.isEmpty()) {
                    before.addAll(condition);
                    continue;
                }
                c.reset(at);
                break;
            }
            if (Happenings.boundary(c) || c.lookingAt("but") || c.lookingAt("so")
                    || Set.of("send", "wait", "stop", "create", "alert", "notify", "remind").contains(c.peek())
                    && (c.position() == 0 || !Words.DETERMINERS.contains(c.word(c.position() - 1).text()))
                    || !name.isEmpty() && c.lookingAt("and") && Set.of("a", "an", "the", "our", "their", "your")
                    .contains(c.peek(1))) {
                break;
            }
            String word = c.next();
            if (nameFrom < 0) {
                nameFrom = at;
            }
            nameTo = c.position();
            name.add(word);
        }
        List<String> kept = new ArrayList<>(prefix);
        List<String> removed = new ArrayList<>();
        for (String word : name) {
            if (NOT_NAMES.contains(word)) {
                continue;
            }
            if (CHANNEL_NOUNS.contains(word)) {
                removed.add(word);
                switch (word) {
                    case "email", "emails", "mail", "mailing" -> addChannel(channels, "email");
                    case "sms", "text", "texts" -> addChannel(channels, "sms");
                    case "push", "notification", "notifications" -> addChannel(channels, "push");
                    default -> {
                    }
                }
            } else {
                kept.add(word);
            }
        }
        boolean again = !kept.isEmpty() && kept.stream().allMatch(w -> Set.of("it", "that", "this", "again", "same",
                "one", "once", "more", "time", "the", "a", "another").contains(w))
                && kept.stream().anyMatch(w -> Set.of("it", "that", "this", "same", "again").contains(w));
        String slug = again ? "" : Words.slug(kept);
        if (slug.isEmpty() && !again) {
            slug = Words.slug(removed.isEmpty() ? List.of(channels.isEmpty() ? "message" : channels.get(0)) : removed);
        }
        String phrase = nameFrom >= 0 ? c.text(nameFrom, nameTo) : c.textFrom(start);
        List<Clause> out = new ArrayList<>(before);
        if (after.stream().anyMatch(a -> a instanceof Clause.Unknown u && u.reason().equals(INTERNAL_RECIPIENT))) {
            out.add(new Clause.Unknown(c.textFrom(start), INTERNAL_RECIPIENT));
            return out;
        }
        Clause.Send send = new Clause.Send(new Asset(Placeholder.Kind.MESSAGE, slug, phrase), again,
                List.copyOf(channels), preferred[0], each[0], recipients, c.textFrom(start));
        if (!name.isEmpty() && c.lookingAt("and") && Set.of("a", "an", "the", "our", "their", "your")
                .contains(c.peek(1))) {
            c.next();
            int nextAt = c.position();
            List<Clause> rest = sendBody(c, nextAt, verbChannels, List.of(), false);
            Optional<Clause.Send> second = rest.stream().filter(Clause.Send.class::isInstance)
                    .map(Clause.Send.class::cast).findFirst();
            if (second.isPresent() && send.channels().equals(verbChannels) && !send.preferred()
                    && !second.get().channels().equals(verbChannels)) {
                send = new Clause.Send(send.asset(), send.again(), second.get().channels(), second.get().preferred(),
                        second.get().eachChannel(), send.recipients(), send.text());
            }
            out.add(send);
            out.addAll(after);
            out.addAll(rest);
            return out;
        }
        out.add(send);
        out.addAll(after);
        return out;
    }

    static void addChannel(List<String> channels, String channel) {
        if (!channels.contains(channel)) {
            channels.add(channel);
        }
    }

    /**
     * A recipient before the message: "send the customer a thank you", "send our loyalty members the
     * teaser". The recipient ends at the first determiner after which no word names people.
     */
    Optional<Asset> recipients(Cursor c, List<Clause> after) {
        int start = c.position();
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && words.size() < 12 && !Happenings.boundary(c) && !c.lookingAt("to")
                && !c.lookingAt("by") && !c.lookingAt("via") && !c.lookingAt("about") && !c.lookingAt("after")) {
            words.add(c.next());
        }
        c.reset(start);
        int split = -1;
        for (int k = 1; k < words.size() && split < 0; k++) {
            if (Set.of("a", "an", "the", "our", "their", "his", "her", "your", "this").contains(words.get(k))
                    && names(words.subList(0, k)) && !names(words.subList(k, words.size()))) {
                split = k;
            }
        }
        List<String> head = split > 0 ? words.subList(0, split)
                : !words.isEmpty() && words.stream().allMatch(w -> Words.DETERMINERS.contains(w)
                || Words.CONTACT_NOUNS.contains(w) || Words.GROUP_NOUNS.contains(w)) ? words : List.of();
        if (head.isEmpty() || !names(head)) {
            return Optional.empty();
        }
        for (int i = 0; i < head.size(); i++) {
            c.next();
        }
        if (head.stream().anyMatch(Words.GROUP_NOUNS::contains)) {
            return Optional.of(new Asset(Placeholder.Kind.SEGMENT, ClauseReader.segmentSlug(head), c.textFrom(start)));
        }
        return Optional.empty();
    }

    /** Whether some of the words name people: a contact or a group. */
    static boolean names(List<String> words) {
        return words.stream().anyMatch(w -> Words.CONTACT_NOUNS.contains(w) && !w.equals("it")
                || Words.GROUP_NOUNS.contains(w));
    }

    /** "To the loyalty members in Texas", "to them"; an internal recipient is reported, not sent to. */
    Optional<Asset> toTail(Cursor c, List<Clause> after) {
        int start = c.position();
        c.accept("to");
        int phraseAt = c.position();
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && words.size() < 12 && !Happenings.boundary(c)) {
            int at = c.position();
            boolean tail = timeTail(c, new ArrayList<>()) || channelTail(c, new ArrayList<>(), new boolean[1],
                    new boolean[1]);
            c.reset(at);
            if (tail || c.lookingAt("about")) {
                break;
            }
            words.add(c.next());
        }
        if (words.isEmpty()) {
            c.reset(start);
            return Optional.empty();
        }
        String phrase = c.text(phraseAt, c.position());
        if (words.stream().anyMatch(Words.GROUP_NOUNS::contains) && words.stream().noneMatch(INTERNAL::contains)) {
            return Optional.of(new Asset(Placeholder.Kind.SEGMENT, ClauseReader.segmentSlug(words), phrase));
        }
        if (words.stream().anyMatch(INTERNAL::contains)) {
            after.add(new Clause.Unknown(c.textFrom(start), INTERNAL_RECIPIENT));
            return Optional.empty();
        }
        if (words.stream().allMatch(w -> Words.DETERMINERS.contains(w) || Words.CONTACT_NOUNS.contains(w)
                || w.equals("inbox") || w.equals("phone"))) {
            return Optional.empty();
        }
        c.reset(start);
        return Optional.empty();
    }

    /** "By email", "in their preferred channel", "as a text", "via email or SMS". */
    static boolean channelTail(Cursor c, List<String> channels, boolean[] preferred, boolean[] each) {
        int start = c.position();
        if (c.acceptAll("whichever", "channel", "they", "prefer") || c.acceptAll("however", "they", "prefer")
                || c.acceptAll("the", "way", "they", "prefer")) {
            preferred[0] = true;
            return true;
        }
        if (!c.accept("by", "via", "over", "through", "as", "on", "in", "using", "with")) {
            return false;
        }
        c.accept("a", "an", "their", "the", "his", "her", "your", "each");
        if (c.acceptAll("preferred", "channel") || c.acceptAll("preferred", "channels")
                || c.acceptAll("favourite", "channel") || c.acceptAll("favorite", "channel")
                || c.acceptAll("channel", "of", "choice") || c.acceptAll("channel", "they", "prefer")
                || c.acceptAll("preferred", "method") || c.acceptAll("chosen", "channel")
                || c.acceptAll("preferred", "way")) {
            preferred[0] = true;
            return true;
        }
        List<String> found = new ArrayList<>();
        boolean or = false;
        boolean and = false;
        while (true) {
            Optional<String> channel = channelWord(c);
            if (channel.isEmpty()) {
                break;
            }
            if (!found.contains(channel.get())) {
                found.add(channel.get());
            }
            int at = c.position();
            boolean joined = c.accept("or", "and", ",");
            c.accept("or", "and");
            int next = c.position();
            if (joined && channelWord(c).isPresent()) {
                c.reset(next);
                or |= c.sentence().words().get(at).is("or") || c.sentence().words().get(next - 1).is("or");
                and |= c.sentence().words().get(at).is("and") || c.sentence().words().get(next - 1).is("and");
            } else {
                c.reset(at);
                break;
            }
        }
        if (found.isEmpty()) {
            c.reset(start);
            return false;
        }
        found.forEach(channel -> addChannel(channels, channel));
        preferred[0] |= or && found.size() > 1;
        each[0] |= and && !or && found.size() > 1;
        return true;
    }

    static Optional<String> channelWord(Cursor c) {
        if (c.accept("email", "emails", "mail")) {
            return Optional.of("email");
        }
        if (c.acceptAll("text", "message") || c.acceptAll("text", "messages") || c.accept("sms", "text", "texts")) {
            c.accept("message", "messages");
            return Optional.of("sms");
        }
        if (c.acceptAll("push", "notification") || c.acceptAll("push", "notifications") || c.accept("push")) {
            return Optional.of("push");
        }
        return Optional.empty();
    }

    /** "After two days", "in 48 hours", "two days later", "the next day", "on March 10", "at 9am". */
    boolean timeTail(Cursor c, List<Clause> before) {
        int start = c.position();
        if (c.accept("after", "in", "within")) {
            Optional<Span> span = Span.readMore(c);
            if (span.isPresent()) {
                c.accept("more", "later", "time");
                before.add(TimeReader.span(span.get(), c.textFrom(start)));
                return true;
            }
            c.reset(start);
            return false;
        }
        if (c.acceptAll("the", "next", "morning") || c.acceptAll("next", "morning")
                || c.acceptAll("the", "following", "morning") || c.acceptAll("tomorrow", "morning")) {
            before.add(new Clause.WaitUntilTime(LocalTime.of(9, 0), c.textFrom(start)));
            return true;
        }
        Optional<Span> span = Span.read(c);
        if (span.isPresent()) {
            String text = span.get().text().toLowerCase(java.util.Locale.ROOT);
            boolean fixed = text.contains("next") || text.contains("following") || text.contains("tomorrow")
                    || text.contains("day after");
            if (c.accept("later", "afterwards", "afterward") || c.acceptAll("after", "that")
                    || c.acceptAll("after", "this") || c.acceptAll("from", "now") || fixed) {
                before.add(TimeReader.span(span.get(), c.textFrom(start)));
                return true;
            }
            c.reset(start);
            return false;
        }
        c.reset(start);
        if (c.lookingAt("on") || c.lookingAt("at") || c.lookingAt("every") || c.lookingAt("each")
                || c.lookingAt("starting") || c.lookingAt("next") && Calendar.weekday(c.peek(1)).isPresent()) {
            List<Clause> date = times.date(c);
            if (!date.isEmpty() && c.position() > start) {
                before.addAll(date);
                return true;
            }
        }
        c.reset(start);
        return false;
    }

    /** "When someone signs up", "after they register" at the end of a send. */
    boolean whenTail(Cursor c, List<Clause> before) {
        int start = c.position();
        if (!(c.lookingAt("when") || c.lookingAt("whenever") || c.lookingAt("once") || c.lookingAt("after")
                || c.lookingAt("as", "soon", "as") || c.lookingAt("right", "after") || c.lookingAt("upon"))) {
            return false;
        }
        List<Clause> when = ConditionReader.when(c);
        if (when.isEmpty()) {
            c.reset(start);
            return false;
        }
        before.addAll(when);
        return true;
    }
}
