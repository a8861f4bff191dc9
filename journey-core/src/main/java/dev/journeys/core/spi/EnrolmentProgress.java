package dev.journeys.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a segment journey's enrolment has come: the occurrence being (or last) enrolled, the
 * last contact id reached in directory order, and whether the occurrence is done. The engine
 * saves it after each page of contacts, so an interrupted enrolment resumes after the last saved
 * page; a contact enrolled after that page is not entered twice, because each contact's journey
 * history records the occurrence that entered them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param journeyId the segment journey
 * @param occurrence the occurrence
 * @param lastContactId the last contact reached, or empty before the first page
 * @param done whether every contact was reached
 * @param considered how many contacts were evaluated so far in this occurrence
 * @param members how many of them were members of the segment
 */
public record EnrolmentProgress(String journeyId, Instant occurrence, Optional<String> lastContactId, boolean done,
                                long considered, long members) {

    /** Checks the components. */
    public EnrolmentProgress {
        Objects.requireNonNull(journeyId, "journeyId");
        Objects.requireNonNull(occurrence, "occurrence");
        Objects.requireNonNull(lastContactId, "lastContactId");
    }

    /** Returns the progress at the start of an occurrence. */
    public static EnrolmentProgress starting(String journeyId, Instant occurrence) {
        return new EnrolmentProgress(journeyId, occurrence, Optional.empty(), false, 0, 0);
    }

    /** Returns the progress after one more page. */
    public EnrolmentProgress after(String lastContactId, long consideredInPage, long membersInPage, boolean done) {
        return new EnrolmentProgress(journeyId, occurrence, Optional.of(lastContactId), done,
                considered + consideredInPage, members + membersInPage);
    }

    /** Returns the progress of an occurrence that reached every contact. */
    public EnrolmentProgress finished() {
        return new EnrolmentProgress(journeyId, occurrence, lastContactId, true, considered, members);
    }
}
