namespace ClusterSim.Input;

/// <summary>
/// The keys one mapping of an input file accepts, kept in one list so the reader's strict-key check and the file's
/// JSON Schema (scenarios/schemas/) can be compared: a test fails when either has a key the other lacks.
/// </summary>
/// <param name="SchemaName">The mapping's name under <c>$defs</c> in the schema; empty for the file's top level.</param>
/// <param name="Keys">Every key the reader accepts in the mapping, in the order error messages list them.</param>
internal sealed record KeySet(string SchemaName, params string[] Keys);
