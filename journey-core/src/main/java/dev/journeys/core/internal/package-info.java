/**
 * Internal: the pure evaluator ({@link dev.journeys.core.internal.Evaluator}), compiled
 * journeys and their catalog, and the runtime's helpers. Not API: nothing here is needed to
 * use the library, and any of it may change in any release.
 */
package dev.journeys.core.internal;
