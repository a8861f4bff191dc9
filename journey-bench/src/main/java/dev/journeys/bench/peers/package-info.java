/**
 * The peer engines {@link dev.journeys.bench.SideBySide} compares this engine with, each running
 * {@link dev.journeys.bench.WelcomeJourney} as a BPMN process: {@link
 * dev.journeys.bench.peers.CamundaRunner} (Camunda 7 embedded) and {@link
 * dev.journeys.bench.peers.FlowableRunner} (Flowable embedded). They are dependencies of
 * journey-bench only.
 */
package dev.journeys.bench.peers;
