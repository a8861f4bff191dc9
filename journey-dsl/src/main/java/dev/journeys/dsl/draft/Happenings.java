package dev.journeys.dsl.draft;

import dev.journeys.core.InteractionTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a contact does, or what happens to them, in the words a marketer uses: "a landing
 * page is completed", "someone registers for the spring webinar", "they buy", "a new lead comes
 * in", "they don't open it", "the subscription.cancelled event arrives". Internal.
 *
 * <p>Known event types: {@value #FORM_SUBMITTED} (its {@code form} field names the form),
 * {@value #EVENT_REGISTERED} (its {@code event} field names the webinar or event),
 * {@value #PURCHASE}, {@value #CART_ABANDONED}, {@value #LEAD_CREATED}, {@value #LEAD_QUALIFIED},
 * {@value #ACCOUNT_CREATED}, and the engine's interaction types for opens, clicks and
 * unsubscribes. An event type written as such ({@code trial.ended}) is used as written; any
 * other event is custom, and its type a placeholder.
 */
final class Happenings {

    static final String FORM_SUBMITTED = "form.submitted";
    static final String EVENT_REGISTERED = "event.registered";
    static final String PURCHASE = "purchase.completed";
    static final String CART_ABANDONED = "checkout.abandoned";
    static final String LEAD_CREATED = "lead.created";
    static final String LEAD_QUALIFIED = "lead.qualified";
    static final String ACCOUNT_CREATED = "account.created";

    private static final Set<String> PERSONS = Set.of("someone", "somebody", "anyone", "anybody", "everyone",
            "they", "he", "she", "people", "customers", "contacts", "users", "visitors", "leads", "prospects",
            "subscribers", "members", "shoppers", "buyers", "clients", "guests", "the", "a", "an", "any", "each",
            "every", "new", "existing", "returning", "customer", "contact", "person", "visitor", "user", "lead",
            "prospect", "subscriber", "member", "shopper", "buyer", "client", "recipient", "guest", "registrant",
            "attendee", "our", "first-time", "you");
    private static final Set<String> PERSON_NOUNS = Set.of("someone", "somebody", "anyone", "anybody",
            "everyone", "they", "he", "she", "people", "customers", "contacts", "users", "visitors", "leads",
            "prospects", "subscribers", "members", "shoppers", "buyers", "clients", "guests", "customer", "contact",
            "person", "visitor", "user", "lead", "prospect", "subscriber", "member", "shopper", "buyer", "client",
            "recipient", "guest", "registrant", "attendee");
    private static final Set<String> OPEN = Set.of("open", "opens", "opened", "read", "reads", "view", "views",
            "viewed");
    private static final Set<String> CLICK = Set.of("click", "clicks", "clicked", "tap", "taps", "tapped");
    private static final Set<String> BUY = Set.of("buy", "buys", "bought", "purchase", "purchases", "purchased",
            "order", "orders", "ordered", "convert", "converts", "converted", "shop", "shops", "shopped");
    private static final Set<String> MAKE = Set.of("make", "makes", "made", "complete", "completes", "completed",
            "place", "places", "placed", "finish", "finishes", "finished");
    private static final Set<String> SUBMIT = Set.of("submit", "submits", "submitted", "complete", "completes",
            "completed", "finish", "finishes", "finished", "fill", "fills", "filled", "send", "sends", "sent",
            "answer", "answers", "answered", "take", "takes", "took");
    private static final Set<String> FORM_HEADS = Set.of("form", "forms", "page", "landing", "survey",
            "questionnaire", "application", "quiz", "signup", "sign-up");
    private static final Set<String> EVENT_HEADS = Set.of("event", "events", "webinar", "webinars", "conference",
            "workshop", "class", "session", "course", "meetup", "seminar", "demo", "masterclass", "tasting",
            "launch", "summit", "livestream", "stream", "open", "day", "party", "talk", "training", "tour",
            "festival", "fair", "expo", "show", "concert", "tournament");
    private static final Set<String> REGISTER = Set.of("register", "registers", "registered", "enrol", "enrols",
            "enroll", "enrolls", "enrolled");
    private static final Set<String> BOOK = Set.of("rsvp", "rsvps", "rsvped", "book", "books", "booked");
    private static final Set<String> PASSIVE = Set.of("is", "are", "gets", "get", "was", "were", "got", "has",
            "have", "been", "becomes", "become", "being");
    private static final Set<String> NOT_CUSTOM_VERBS = Set.of("is", "are", "was", "were", "has", "have", "does",
            "lives", "belongs", "likes", "prefers", "wants", "needs", "owns", "works", "seems", "looks", "gets",
            "says", "goes", "comes", "stays", "remains", "uses", "knows", "thinks", "means", "feels", "becomes",
            "receives", "sees", "hears", "misses", "loves", "hates", "used", "seemed", "looked", "stayed",
            "remained", "wanted", "needed", "liked", "preferred", "lived", "received", "responds", "replies",
            "replied", "responded", "engages", "engaged", "interacts", "interacted");

    /** Verbs that start the next clause, so they end an object. */
    private static final Set<String> OBJECT_ENDS = Set.of("send", "wait", "stop", "create", "alert", "notify",
            "remind", "leave", "leaves", "exit", "exits", "ends", "stops", "should", "will", "get", "gets", "receive",
            "receives");

    private Happenings() {
    }

    /**
     * What was read.
     *
     * @param happening the happening
     * @param negated whether the words deny it ("they don't open it")
     * @param unused words read but not used, such as the product of "they buy a grinder"
     */
    record Read(Happening happening, boolean negated, Optional<String> unused) {
        static Read of(Happening happening, boolean negated) {
            return new Read(happening, negated, Optional.empty());
        }
    }

    /**
     * Reads a known happening at the cursor (not a custom event: see {@link #readCustom}). Stays
     * put if there is none.
     *
     * @param c where to read
     * @param engagement whether opens and clicks count
     * @return what was read
     */
    static Optional<Read> read(Cursor c, boolean engagement) {
        int start = c.position();
        Optional<Read> read = literal(c);
        if (read.isEmpty()) {
            c.reset(start);
            read = namedEvent(c);
        }
        if (read.isEmpty()) {
            c.reset(start);
            read = lead(c);
        }
        if (read.isEmpty()) {
            c.reset(start);
            read = active(c, engagement);
        }
        if (read.isEmpty()) {
            c.reset(start);
            read = passive(c, engagement);
        }
        if (read.isEmpty()) {
            c.reset(start);
            read = noun(c);
        }
        if (read.isEmpty()) {
            c.reset(start);
        }
        return read;
    }

    /**
     * Reads a custom event at the cursor: "the trial-ended event", "a subscription is cancelled",
     * "a customer books a table". Stays put if there is none.
     */
    static Optional<Read> readCustom(Cursor c) {
        int start = c.position();
        Optional<Read> read = namedEvent(c);
        if (read.isEmpty()) {
            c.reset(start);
            read = customPassive(c);
        }
        if (read.isEmpty()) {
            c.reset(start);
            read = customActive(c);
        }
        if (read.isEmpty()) {
            c.reset(start);
        }
        return read;
    }

    /** An event type written as such: {@code trial.ended}, optionally "the ... event (arrives)". */
    private static Optional<Read> literal(Cursor c) {
        int start = c.position();
        c.accept("the", "a", "an");
        String word = c.peek();
        int dot = word.indexOf('.');
        if (dot <= 0 || dot == word.length() - 1 || !Character.isLetter(word.charAt(0))
                || !Character.isLetter(word.charAt(word.length() - 1))) {
            return Optional.empty();
        }
        c.next();
        if (c.accept("event")) {
            eventVerb(c);
        }
        return Optional.of(Read.of(Happening.known(word, c.textFrom(start)), false));
    }

    /** Skips the verb after "the X event", such as "arrives" or "is received"; returns whether there was one. */
    private static boolean eventVerb(Cursor c) {
        return c.accept("happens", "fires", "occurs", "arrives", "happened", "fired", "occurred", "arrived")
                || c.acceptAll("comes", "in") || c.acceptAll("is", "received") || c.acceptAll("is", "triggered")
                || c.acceptAll("is", "sent") || c.acceptAll("is", "fired") || c.acceptAll("gets", "fired");
    }

    /** "A new lead comes in", "a lead is created", "the lead is qualified", "they become qualified". */
    private static Optional<Read> lead(Cursor c) {
        int start = c.position();
        c.accept("a", "an", "the", "any", "each", "every");
        boolean fresh = c.accept("new");
        boolean lead = c.accept("lead", "leads");
        boolean person = !lead && c.accept("they", "he", "she", "contact", "customer", "prospect");
        if (!lead && !person) {
            return Optional.empty();
        }
        int afterSubject = c.position();
        if (lead) {
            if (c.acceptAll("comes", "in") || c.acceptAll("come", "in") || c.accept("arrives", "arrive", "appears")) {
                return Optional.of(Read.of(Happening.known(LEAD_CREATED, c.textFrom(start)), false));
            }
            if (c.accept("is", "are", "gets", "get", "was", "has", "have")) {
                c.accept("been");
                if (c.accept("created", "added", "captured", "generated", "received")) {
                    return Optional.of(Read.of(Happening.known(LEAD_CREATED, c.textFrom(start)), false));
                }
            }
            c.reset(afterSubject);
            if (fresh && atClauseEnd(c)) {
                return Optional.of(Read.of(Happening.known(LEAD_CREATED, c.textFrom(start)), false));
            }
        }
        boolean negated = negation(c);
        int here = c.position();
        if (c.accept("qualify", "qualifies") || negated && c.accept("qualified")) {
            return Optional.of(Read.of(Happening.known(LEAD_QUALIFIED, c.textFrom(start)), negated));
        }
        c.reset(here);
        if (c.accept("is", "are", "gets", "get", "becomes", "become", "was", "has", "have", "been")) {
            c.accept("been", "become");
            c.accept("marked");
            c.accept("as");
            if (c.accept("qualified")) {
                return Optional.of(Read.of(Happening.known(LEAD_QUALIFIED, c.textFrom(start)), negated));
            }
        }
        return Optional.empty();
    }

    /** A subject, then perhaps a negation, then a verb: "someone submits the contact form". */
    private static Optional<Read> active(Cursor c, boolean engagement) {
        int start = c.position();
        subject(c);
        boolean negated = negation(c);
        c.accept("do", "does", "did", "have", "has", "had", "will", "should", "actually", "ever");
        int verbAt = c.position();
        String verb = c.peek();
        if (engagement && OPEN.contains(verb)) {
            c.next();
            List<String> object = objectWords(c);
            return Optional.of(Read.of(Happening.opened(messageWords(object), c.textFrom(start)), negated));
        }
        if (engagement && CLICK.contains(verb)) {
            c.next();
            c.accept("on", "through", "thru");
            return Optional.of(Read.of(click(c, start), negated));
        }
        if (engagement && c.acceptAll("follow", "the", "link") || engagement && c.acceptAll("follows", "the", "link")) {
            return Optional.of(Read.of(Happening.clicked(Optional.empty(), messageWords(objectWords(c)),
                    c.textFrom(start)), negated));
        }
        if (c.acceptIn(Set.of("abandon", "abandons", "abandoned", "leave", "leaves", "left"))) {
            c.accept("items", "products", "something", "things");
            c.accept("in", "behind");
            c.accept("a", "an", "the", "their", "his", "her", "your");
            c.accept("shopping");
            if (c.accept("cart", "basket", "checkout", "carts", "baskets")) {
                return Optional.of(Read.of(Happening.known(CART_ABANDONED, c.textFrom(start)), negated));
            }
            return Optional.empty();
        }
        if (MAKE.contains(verb)) {
            c.next();
            c.accept("a", "an", "their", "the", "his", "her", "first");
            if (c.accept("purchase", "order", "checkout", "payment", "booking")) {
                return Optional.of(withObject(PURCHASE, negated, c, start));
            }
            c.reset(verbAt);
        }
        if (c.acceptAll("check", "out") || c.acceptAll("checks", "out") || c.acceptAll("checked", "out")) {
            return Optional.of(Read.of(Happening.known(PURCHASE, c.textFrom(start)), negated));
        }
        if (BUY.contains(verb)) {
            c.next();
            return Optional.of(withObject(PURCHASE, negated, c, start));
        }
        if (SUBMIT.contains(verb)) {
            c.next();
            c.accept("in", "out");
            int objectAt = c.position();
            List<String> object = objectWords(c);
            if (object.stream().anyMatch(FORM_HEADS::contains)) {
                return Optional.of(Read.of(form(object, c.text(objectAt, c.position()), c.textFrom(start)), negated));
            }
            c.reset(verbAt);
        }
        boolean book = c.acceptIn(BOOK);
        if (book || c.acceptIn(REGISTER) || c.acceptAll("sign", "up") || c.acceptAll("signs", "up")
                || c.acceptAll("signed", "up")) {
            c.accept("a", "their");
            c.accept("place", "spot", "seat", "ticket", "tickets");
            int forAt = c.position();
            if (c.accept("for", "to", "on")) {
                int objectAt = c.position();
                List<String> object = objectWords(c);
                if (object.stream().anyMatch(EVENT_HEADS::contains)) {
                    String phrase = c.text(objectAt, c.position());
                    return Optional.of(Read.of(new Happening(Happening.Kind.REGISTRATION, EVENT_REGISTERED,
                            Optional.of(new Asset(Placeholder.Kind.EVENT, slug(object, Set.of("event", "events")),
                                    phrase)), List.of(), c.textFrom(start)), negated));
                }
                c.reset(forAt);
                return Optional.empty();
            }
            if (!book && atClauseEnd(c)) {
                return Optional.of(Read.of(Happening.known(ACCOUNT_CREATED, c.textFrom(start)), negated));
            }
            return Optional.empty();
        }
        if (c.acceptIn(Set.of("create", "creates", "created", "open", "opens", "opened"))) {
            c.accept("an", "a", "their", "new");
            c.accept("new");
            if (c.accept("account")) {
                return Optional.of(Read.of(Happening.known(ACCOUNT_CREATED, c.textFrom(start)), negated));
            }
            c.reset(verbAt);
        }
        if (c.accept("join", "joins", "joined") && atClauseEnd(c)) {
            return Optional.of(Read.of(Happening.known(ACCOUNT_CREATED, c.textFrom(start)), negated));
        }
        c.reset(verbAt);
        if (c.accept("unsubscribe", "unsubscribes", "unsubscribed") || c.acceptAll("opt", "out")
                || c.acceptAll("opts", "out") || c.acceptAll("opted", "out")) {
            c.accept("from");
            objectWords(c);
            return Optional.of(Read.of(Happening.known(InteractionTypes.UNSUBSCRIBED, c.textFrom(start)), negated));
        }
        return Optional.empty();
    }

    /** "A landing page is completed", "the cart is abandoned", "it is not opened", "there is no click". */
    private static Optional<Read> passive(Cursor c, boolean engagement) {
        int start = c.position();
        if (engagement && c.acceptAll("there", "is", "no")
                || engagement && c.acceptAll("there", "are", "no")) {
            if (c.accept("click", "clicks")) {
                c.accept("on", "in");
                return Optional.of(Read.of(click(c, start), true));
            }
            if (c.accept("open", "opens")) {
                return Optional.of(Read.of(Happening.opened(messageWords(objectWords(c)), c.textFrom(start)), true));
            }
            return Optional.empty();
        }
        c.accept("a", "an", "the", "their", "our", "his", "her", "its", "any");
        int subjectAt = c.position();
        List<String> subject = new ArrayList<>();
        while (!c.atEnd() && subject.size() < 6 && !PASSIVE.contains(c.peek()) && !boundary(c)) {
            subject.add(c.next());
        }
        int subjectEnd = c.position();
        if (subject.isEmpty() && !c.lookingAt("it")) {
            return Optional.empty();
        }
        if (!c.acceptIn(PASSIVE)) {
            return Optional.empty();
        }
        boolean negated = false;
        while (c.accept("been", "being", "not", "never", "still", "yet")) {
            negated |= c.sentence().words().get(c.position() - 1).is("not", "never");
        }
        String participle = c.peek();
        if (subject.stream().anyMatch(FORM_HEADS::contains) && Set.of("completed", "submitted", "filled", "sent",
                "done", "finished", "answered").contains(participle)) {
            c.next();
            c.accept("in", "out");
            return Optional.of(Read.of(form(subject, c.text(subjectAt, subjectEnd), c.textFrom(start)), negated));
        }
        if (subject.stream().anyMatch(w -> w.equals("cart") || w.equals("basket") || w.equals("checkout"))
                && participle.equals("abandoned")) {
            c.next();
            return Optional.of(Read.of(Happening.known(CART_ABANDONED, c.textFrom(start)), negated));
        }
        if (subject.stream().anyMatch(w -> w.equals("purchase") || w.equals("order"))
                && Set.of("made", "completed", "placed").contains(participle)) {
            c.next();
            return Optional.of(Read.of(Happening.known(PURCHASE, c.textFrom(start)), negated));
        }
        if (engagement && Set.of("opened", "read", "viewed").contains(participle)) {
            c.next();
            return Optional.of(Read.of(Happening.opened(messageWords(subject), c.textFrom(start)), negated));
        }
        if (engagement && participle.equals("clicked")) {
            c.next();
            c.accept("on", "through");
            return Optional.of(Read.of(Happening.clicked(Optional.empty(), messageWords(subject),
                    c.textFrom(start)), negated));
        }
        return Optional.empty();
    }

    /** Noun forms: "a purchase", "form submission", "registration for the webinar", "an abandoned cart". */
    private static Optional<Read> noun(Cursor c) {
        int start = c.position();
        c.accept("a", "an", "the", "their", "any", "each", "every", "first", "new");
        c.accept("new", "first");
        if (c.accept("purchase", "purchases", "order", "orders", "sale", "sales", "conversion", "conversions",
                "checkout")) {
            return Optional.of(Read.of(Happening.known(PURCHASE, c.textFrom(start)), false));
        }
        if (c.acceptAll("abandoned", "cart") || c.acceptAll("abandoned", "checkout")
                || c.acceptAll("cart", "abandonment") || c.acceptAll("abandoned", "basket")) {
            return Optional.of(Read.of(Happening.known(CART_ABANDONED, c.textFrom(start)), false));
        }
        if (c.accept("signup", "sign-up", "signups", "sign-ups", "registration", "registrations")
                && atClauseEnd(c)) {
            return Optional.of(Read.of(Happening.known(ACCOUNT_CREATED, c.textFrom(start)), false));
        }
        c.reset(start);
        c.accept("a", "an", "the", "their", "any", "each", "every");
        if (c.acceptAll("qualified", "lead") || c.acceptAll("lead", "qualification")) {
            return Optional.of(Read.of(Happening.known(LEAD_QUALIFIED, c.textFrom(start)), false));
        }
        if (c.acceptAll("new", "lead") || c.acceptAll("lead", "creation") || c.acceptAll("new", "leads")) {
            return Optional.of(Read.of(Happening.known(LEAD_CREATED, c.textFrom(start)), false));
        }
        if (c.accept("unsubscribe", "unsubscribes", "opt-out")) {
            return Optional.of(Read.of(Happening.known(InteractionTypes.UNSUBSCRIBED, c.textFrom(start)), false));
        }
        int nameAt = c.position();
        List<String> name = new ArrayList<>();
        while (!c.atEnd() && name.size() < 6 && !c.peek().startsWith("submission") && !c.peek().startsWith("registration")
                && !boundary(c)) {
            name.add(c.next());
        }
        int nameEnd = c.position();
        if (c.accept("submission", "submissions")) {
            List<String> object = new ArrayList<>(name);
            if (object.stream().noneMatch(FORM_HEADS::contains)) {
                object.add("form");
            }
            return Optional.of(Read.of(form(object, c.text(nameAt, nameEnd), c.textFrom(start)), false));
        }
        if (c.accept("registration", "registrations")) {
            int objectAt = c.position();
            List<String> object = name;
            String phrase = c.text(nameAt, nameEnd);
            if (c.accept("for", "to")) {
                objectAt = c.position();
                object = objectWords(c);
                phrase = c.text(objectAt, c.position());
            }
            return Optional.of(Read.of(new Happening(Happening.Kind.REGISTRATION, EVENT_REGISTERED,
                    Optional.of(new Asset(Placeholder.Kind.EVENT, slug(object, Set.of("event", "events")), phrase)),
                    List.of(), c.textFrom(start)), false));
        }
        return Optional.empty();
    }

    /** "The trial-ended event", "an X event happens", "we receive the X event": a determiner, a name, "event". */
    private static Optional<Read> namedEvent(Cursor c) {
        int start = c.position();
        boolean we = c.accept("we") && c.accept("receive", "get", "see", "record");
        if (!we) {
            c.reset(start);
        }
        if (!c.accept("a", "an", "the", "their", "our", "any")) {
            return Optional.empty();
        }
        c.accept("custom");
        int nameAt = c.position();
        List<String> name = new ArrayList<>();
        while (!c.atEnd() && name.size() < 5 && !c.peek().equals("event") && !boundary(c)
                && !PERSON_NOUNS.contains(c.peek())) {
            name.add(c.next());
        }
        int nameEnd = c.position();
        if (name.isEmpty() || !c.accept("event")) {
            return Optional.empty();
        }
        eventVerb(c);
        String phrase = c.text(nameAt, nameEnd);
        return Optional.of(Read.of(new Happening(Happening.Kind.CUSTOM, "", Optional.of(new Asset(
                Placeholder.Kind.EVENT, Words.slug(name), phrase)), List.of(), c.textFrom(start)), false));
    }

    /** "A subscription is cancelled": a noun and a past participle. */
    private static Optional<Read> customPassive(Cursor c) {
        int start = c.position();
        if (!c.accept("a", "an", "the", "their", "his", "her", "its", "our")) {
            return Optional.empty();
        }
        List<String> subject = new ArrayList<>();
        while (!c.atEnd() && subject.size() < 4 && !PASSIVE.contains(c.peek()) && !boundary(c)) {
            subject.add(c.next());
        }
        if (subject.isEmpty() || !c.acceptIn(PASSIVE)) {
            return Optional.empty();
        }
        boolean negated = false;
        while (c.accept("been", "not", "never")) {
            negated |= c.sentence().words().get(c.position() - 1).is("not", "never");
        }
        String participle = c.peek();
        if (!(participle.endsWith("ed") || participle.endsWith("en") || Set.of("paid", "sent", "made", "done", "won",
                "lost", "over", "due", "sold", "built", "set").contains(participle))) {
            return Optional.empty();
        }
        c.next();
        List<String> words = new ArrayList<>(subject);
        words.add(participle);
        return Optional.of(Read.of(new Happening(Happening.Kind.CUSTOM, "", Optional.of(new Asset(
                Placeholder.Kind.EVENT, Words.slug(words), c.textFrom(start))), List.of(), c.textFrom(start)),
                negated));
    }

    /** "A customer books a table": a person, a verb in the present or past, and what it is done to. */
    private static Optional<Read> customActive(Cursor c) {
        int start = c.position();
        if (!subject(c)) {
            return Optional.empty();
        }
        boolean negated = negation(c);
        int verbAt = c.position();
        String verb = c.peek();
        boolean plural = verbAt > 0 && Set.of("they", "people", "customers", "contacts", "users", "leads",
                "subscribers", "members", "visitors", "you").contains(c.word(verbAt - 1).text());
        boolean inflected = verb.length() > 3 && (verb.endsWith("s") || verb.endsWith("ed"))
                || plural && verb.length() > 2;
        if (!inflected && !negated || NOT_CUSTOM_VERBS.contains(verb) || NOT_CUSTOM_VERBS.contains(verb + "s") || Words.DETERMINERS.contains(verb)
                || !Character.isLetter(verb.isEmpty() ? ' ' : verb.charAt(0)) || verb.equals("if") || verb.equals("not")) {
            return Optional.empty();
        }
        c.next();
        List<String> words = new ArrayList<>();
        words.add(verb);
        int objectAt = c.position();
        List<String> object = objectWords(c);
        if (object.size() > 6) {
            c.reset(objectAt);
            return Optional.empty();
        }
        words.addAll(object);
        return Optional.of(Read.of(new Happening(Happening.Kind.CUSTOM, "", Optional.of(new Asset(
                Placeholder.Kind.EVENT, Words.slug(words), c.textFrom(verbAt))), List.of(), c.textFrom(start)),
                negated));
    }

    /** Skips a subject such as "someone", "a new customer", "they"; returns whether there was one. */
    static boolean subject(Cursor c) {
        int start = c.position();
        while (!c.atEnd() && PERSONS.contains(c.peek()) && c.position() - start < 4) {
            c.next();
        }
        for (int i = c.position() - 1; i >= start; i--) {
            if (PERSON_NOUNS.contains(c.word(i).text())) {
                c.reset(i + 1);
                return true;
            }
        }
        c.reset(start);
        return false;
    }

    /** Skips a negation such as "don't", "have not yet", "never", "fail to"; returns whether there was one. */
    static boolean negation(Cursor c) {
        int start = c.position();
        c.accept("still");
        if (c.accept("do", "does", "did", "have", "has", "had", "will", "would", "can", "could", "are", "is")
                && c.accept("not", "never")) {
            c.accept("yet", "ever", "even");
            return true;
        }
        c.reset(start);
        c.accept("still");
        if (c.accept("never")) {
            return true;
        }
        if (c.accept("fail", "fails", "failed") && c.accept("to")) {
            return true;
        }
        c.reset(start);
        return false;
    }

    /** The words of an object: up to a boundary or the window of a condition. */
    static List<String> objectWords(Cursor c) {
        List<String> words = new ArrayList<>();
        while (!c.atEnd() && words.size() < 8 && !boundary(c) && !windowAhead(c) && !OBJECT_ENDS.contains(c.peek())) {
            words.add(c.next());
        }
        return words;
    }

    /** Whether the words ahead say when: "within 3 days", "by tomorrow", "in 48 hours". */
    static boolean windowAhead(Cursor c) {
        String word = c.peek();
        int here = c.position();
        if (Span.read(c).isPresent() && (c.lookingAt("later") || c.lookingAt("afterwards")
                || c.lookingAt("from", "now") || c.lookingAt("after", "that"))) {
            c.reset(here);
            return true;
        }
        c.reset(here);
        if (word.equals("within") || word.equals("by") || word.equals("during") || word.equals("before")) {
            return true;
        }
        if (word.equals("in") || word.equals("after") || word.equals("for") || word.equals("over")) {
            int start = c.position();
            c.next();
            c.accept("the", "first", "next");
            c.accept("first", "next");
            boolean span = Span.read(c).isPresent();
            c.reset(start);
            return span;
        }
        return false;
    }

    /** Whether the next word ends a phrase: a comma, {@code then}, {@code and} before a verb, {@code if}. */
    static boolean boundary(Cursor c) {
        String word = c.peek();
        return switch (word) {
            case ",", "then", "if", "unless", "otherwise", "else", "when", "whenever", "except", "excluding", "but",
                 "so", "because", "or" -> !word.equals("or") || Words.CLAUSE_VERBS.contains(c.peek(1));
            case "and" -> Words.CLAUSE_VERBS.contains(c.peek(1)) || c.peek(1).equals("wait");
            default -> false;
        };
    }

    private static boolean atClauseEnd(Cursor c) {
        return c.atEnd() || boundary(c) || windowAhead(c);
    }

    /** A click, after the verb: "the pricing link in the guide", "a link", "it", "through". */
    private static Happening click(Cursor c, int start) {
        int objectAt = c.position();
        List<String> object = objectWords(c);
        int linkWord = -1;
        for (int i = 0; i < object.size(); i++) {
            if (Set.of("link", "button", "cta", "links", "buttons").contains(object.get(i))) {
                linkWord = i;
                break;
            }
        }
        Optional<Asset> link = Optional.empty();
        List<String> message = object;
        if (linkWord >= 0) {
            List<String> name = object.subList(0, linkWord).stream()
                    .filter(w -> !Words.DETERMINERS.contains(w) && !w.equals("on")).toList();
            if (!name.isEmpty()) {
                link = Optional.of(new Asset(Placeholder.Kind.LINK, Words.slug(name),
                        c.text(objectAt, objectAt + linkWord + 1)));
            }
            int in = object.indexOf("in");
            message = in > linkWord ? object.subList(in + 1, object.size()) : List.of();
        } else {
            int in = object.indexOf("in");
            if (in > 0) {
                List<String> name = object.subList(0, in).stream().filter(w -> !Words.DETERMINERS.contains(w)).toList();
                link = Optional.of(new Asset(Placeholder.Kind.LINK, Words.slug(name), c.text(objectAt, objectAt + in)));
                message = object.subList(in + 1, object.size());
            }
        }
        return Happening.clicked(link, messageWords(message), c.textFrom(start));
    }

    /** The words that name a message, without "it", determiners and channel nouns. */
    private static List<String> messageWords(List<String> object) {
        return object.stream().filter(w -> !Set.of("it", "that", "this", "them", "one", "on", "through", "any",
                "anything", "something").contains(w) && !Words.DETERMINERS.contains(w)).toList();
    }

    private static Read withObject(String eventType, boolean negated, Cursor c, int start) {
        int objectAt = c.position();
        List<String> object = objectWords(c);
        if (object.stream().allMatch(w -> Words.DETERMINERS.contains(w)
                || Set.of("something", "anything", "it", "again", "online", "now", "from", "us").contains(w))) {
            return Read.of(Happening.known(eventType, c.textFrom(start)), negated);
        }
        return new Read(Happening.known(eventType, c.textFrom(start)), negated,
                Optional.of(c.text(objectAt, c.position())));
    }

    private static Happening form(List<String> object, String phrase, String text) {
        return new Happening(Happening.Kind.FORM, FORM_SUBMITTED, Optional.of(new Asset(Placeholder.Kind.FORM,
                slug(object, Set.of("form", "forms")), phrase)), List.of(), text);
    }

    /** A slug of the words without the nouns that only say what sort of thing they name. */
    private static String slug(List<String> words, Set<String> drop) {
        return Words.slug(words.stream().filter(w -> !drop.contains(w)).toList());
    }
}
