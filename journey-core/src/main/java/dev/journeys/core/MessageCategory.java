package dev.journeys.core;

/** What kind of message a send is; frequency caps count marketing messages unless told otherwise. */
public enum MessageCategory {
    /** Promotional: counted by frequency caps. The default. */
    MARKETING,
    /** Service messages (receipts, confirmations): not capped unless a cap says so. */
    TRANSACTIONAL;

    /**
     * Returns the purpose of a send of this category that names none: {@code marketing} or
     * {@code transactional}.
     */
    public String defaultPurpose() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
