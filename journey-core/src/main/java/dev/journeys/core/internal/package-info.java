/**
 * Internal: small helpers the other packages share (id checks, the contact lock stripes, the
 * memory of recent event ids and their fingerprints). It depends on no other package of the
 * library. Not API: nothing here is needed to use the library, no other module uses it, and any
 * of it may change in any release.
 */
package dev.journeys.core.internal;
