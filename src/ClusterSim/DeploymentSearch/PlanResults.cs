using System.Security.Cryptography;
using System.Text.Json;

namespace ClusterSim.DeploymentSearch;

/// <summary>
/// results.json of a plan folder: which plan (file and content hash), which shard, and every judged candidate's
/// result. `plan merge` reads it from each shard's folder; the plan's other files are made from it.
/// </summary>
/// <param name="PlanFile">The plan file, absolute.</param>
/// <param name="PlanSha256">SHA-256 of the plan file's bytes when it was run.</param>
/// <param name="Settings">The --set overrides given on the command line, in order.</param>
/// <param name="ShardIndex">The shard, 0-based.</param>
/// <param name="ShardCount">Shards in all.</param>
/// <param name="Candidates">Candidates the plan enumerates (every shard).</param>
/// <param name="Results">This folder's results, in candidate order.</param>
/// <param name="Objective">The objective the plan ranked by (the file's or --objective).</param>
/// <param name="Gpus">The GPU budget the candidates were enumerated for (the file's or --gpus).</param>
/// <param name="Top">Winners written (the file's or --top).</param>
public sealed record PlanResults(
    string PlanFile,
    string PlanSha256,
    IReadOnlyList<KeyValuePair<string, string>> Settings,
    int ShardIndex,
    int ShardCount,
    int Candidates,
    IReadOnlyList<CandidateResult> Results,
    PlanObjective Objective,
    IReadOnlyList<int> Gpus,
    int Top)
{
    /// <summary>The file name inside a plan folder.</summary>
    public const string FileName = "results.json";

    /// <summary>SHA-256 of a file's bytes, lower-case hex.</summary>
    public static string HashOf(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, PlanResultsJsonContext.Default.PlanResults) + "\n";

    /// <summary>Reads a results.json.</summary>
    /// <exception cref="JsonException">Not a results file.</exception>
    public static PlanResults Parse(string json) =>
        JsonSerializer.Deserialize(json, PlanResultsJsonContext.Default.PlanResults) ?? throw new JsonException("results.json holds null");
}
