using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClusterSim.Scenarios;

namespace ClusterSim.Sweeps;

/// <summary>One swept value of one parameter at a point.</summary>
/// <param name="KeyPath">The parameter's key path (possibly linked with '+').</param>
/// <param name="Value">The value as typed.</param>
public sealed record SweepSetting(string KeyPath, string Value);

/// <summary>
/// One point of a sweep: its position in the plan and the settings that distinguish it. Its identity (<see cref="Id"/>)
/// is a hash of the settings, so a folder written by one sweep is recognised by a resumed sweep or a merge.
/// </summary>
/// <param name="Index">0-based position in the plan (the first parameter varies slowest).</param>
/// <param name="Settings">One setting per parameter, in the parameters' order.</param>
public sealed record SweepPoint(int Index, IReadOnlyList<SweepSetting> Settings)
{
    /// <summary>Prefix of every point folder's name.</summary>
    public const string FolderPrefix = "point-";

    /// <summary>First 8 hex digits of SHA-256 over "key=value\n" per setting: stable across machines and runs.</summary>
    public string Id
    {
        get
        {
            var canonical = new StringBuilder();
            foreach (var s in Settings)
            {
                canonical.Append(s.KeyPath).Append('=').Append(s.Value).Append('\n');
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString()));
            return Convert.ToHexStringLower(hash)[..8];
        }
    }

    /// <summary>The point's folder name, "point-0007-1a2b3c4d".</summary>
    public string FolderName => string.Create(CultureInfo.InvariantCulture, $"{FolderPrefix}{Index:D4}-{Id}");

    /// <summary>The scenario overrides of this point, linked key paths expanded, in the parameters' order.</summary>
    public IReadOnlyList<ScenarioOverride> Overrides =>
        Settings.SelectMany(s => new SweepParameter(s.KeyPath, [s.Value]).Assignments(s.Value).Select(a => new ScenarioOverride(a.Key, a.Value))).ToArray();

    /// <summary>The value of <paramref name="keyPath"/> at this point.</summary>
    public string ValueOf(string keyPath) =>
        Settings.FirstOrDefault(s => s.KeyPath == keyPath)?.Value
        ?? throw new ArgumentException($"point {Index} has no setting {keyPath}", nameof(keyPath));
}
