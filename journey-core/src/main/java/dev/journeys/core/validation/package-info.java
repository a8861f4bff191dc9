/**
 * Checks a journey before it is published: {@link dev.journeys.core.validation.JourneyValidator}
 * finds the errors that make a journey unpublishable and the warnings a marketer should see
 * (unreachable steps, caps a path may reach, fields a branch reads that the entry does not keep).
 */
package dev.journeys.core.validation;
