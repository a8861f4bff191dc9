/**
 * A durable {@link dev.journeys.core.spi.JourneyStore} on PostgreSQL through JDBC:
 * {@link dev.journeys.store.postgres.PostgresJourneyStore} is the entry type. Its tables are
 * created and upgraded by {@link dev.journeys.store.postgres.PostgresSchema} from versioned SQL
 * files, and each contact's state is kept as bytes written by
 * {@link dev.journeys.core.persistence.ContactStateCodec} (in the core); the published journey
 * versions, statuses and drafts are kept as JSON documents, for every node sharing the database.
 */
package dev.journeys.store.postgres;
