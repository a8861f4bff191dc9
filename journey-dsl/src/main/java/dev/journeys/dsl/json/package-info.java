/**
 * The JSON format of journeys and segments: {@link dev.journeys.dsl.json.JourneyJson} saves and
 * loads them, {@link dev.journeys.dsl.json.JourneyJsonException} reports a document it cannot read
 * with the JSON path of the problem. The format is described by the JSON Schema
 * {@code dev/journeys/dsl/json/journey.schema.json} on the class path. Everything else in the
 * package is package-private: the mapping between the model and the JSON tree, one type per part
 * of the model.
 */
package dev.journeys.dsl.json;
