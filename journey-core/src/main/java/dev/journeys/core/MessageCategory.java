package dev.journeys.core;

/** What kind of message a send is; frequency caps count marketing messages unless told otherwise. */
public enum MessageCategory {
    /** Promotional: counted by frequency caps. The default. */
    MARKETING,
    /** Service messages (receipts, confirmations): not capped unless a cap says so. */
    TRANSACTIONAL
}
