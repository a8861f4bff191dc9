/**
 * Internal: the in-process host's helpers (the contact lock stripes, the memory of recent event
 * ids and their fingerprints, the entry windows of rate-limited journeys, the checked contact
 * directory). Not API: nothing here is needed to use the library, no other module uses it, and
 * any of it may change in any release.
 */
package dev.journeys.core.internal;
