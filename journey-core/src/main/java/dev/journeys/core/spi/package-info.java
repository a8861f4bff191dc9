/**
 * The service provider interfaces a host implements or replaces, with their in-memory defaults:
 * {@link dev.journeys.core.spi.JourneyStore} (contact state, due timers and, through
 * {@link dev.journeys.core.spi.JourneyDefinitions}, published versions, statuses and drafts),
 * {@link dev.journeys.core.spi.ContactDirectory} (who a contact is),
 * {@link dev.journeys.core.spi.MessageChannel} (delivery),
 * {@link dev.journeys.core.spi.ActionHandler} (host actions) and
 * {@link dev.journeys.core.spi.JourneyListener} (observation).
 *
 * <p>Every SPI is called for one contact at a time; each states its thread-safety contract.
 */
package dev.journeys.core.spi;
