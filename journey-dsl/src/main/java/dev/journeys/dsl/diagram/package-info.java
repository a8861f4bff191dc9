/**
 * Journey diagrams: {@link dev.journeys.dsl.diagram.JourneyDiagram} writes a
 * {@link dev.journeys.core.JourneyDefinition} as Mermaid or Graphviz DOT text, to paste into a
 * README or a pull request, optionally with a label per step
 * ({@link dev.journeys.dsl.diagram.StepAnnotations}), such as the counts of a simulation.
 *
 * <p>The other types of this package are internal: a diagram is first laid out as plain nodes
 * and edges, then written by one writer per format.
 */
package dev.journeys.dsl.diagram;
