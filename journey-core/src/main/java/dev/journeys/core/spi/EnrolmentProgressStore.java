package dev.journeys.core.spi;

import java.util.Optional;

/**
 * The enrolment capability of a store: how far each segment journey's enrolment has come, so an
 * enrolment interrupted by a failure or a restart resumes without enrolling anyone twice.
 *
 * <p>Thread-safe.
 */
public interface EnrolmentProgressStore {

    /**
     * Returns how far the segment journey's enrolment has come, if it ever ran.
     *
     * @param journeyId the segment journey
     * @return the progress last saved
     */
    Optional<EnrolmentProgress> enrolmentProgress(String journeyId);

    /**
     * Saves how far a segment journey's enrolment has come, replacing what was saved before.
     *
     * @param progress the progress
     */
    void saveEnrolmentProgress(EnrolmentProgress progress);
}
