using System.Globalization;
using System.Text;
using System.Text.Json;
using ClusterSim.Input;

namespace ClusterSim.Workloads.Traces;

/// <summary>
/// Mooncake JSON lines: <c>{"timestamp": ms, "input_length": n, "output_length": n, "hash_ids": [..]}</c>, one
/// object per line. <c>hash_ids</c> (optional) must hold ceil(input_length / 512) entries.
/// </summary>
internal sealed class MooncakeTraceReader : TraceRowReader
{
    private const double MaxMilliseconds = 9e12;
    private readonly List<ulong> _hashes = [];
    private byte[] _utf8 = new byte[4096];
    private bool _sawAnyLine;

    public MooncakeTraceReader(string openPath, string displayName)
        : base(openPath, displayName)
    {
    }

    /// <inheritdoc />
    public override RowOutcome Read(out TraceRow row)
    {
        row = default;
        string? line;
        do
        {
            line = ReadLine();
        }
        while (line is not null && string.IsNullOrWhiteSpace(line));

        if (line is null)
        {
            if (!_sawAnyLine)
            {
                throw new InputException(DisplayName, string.Empty, "the file is empty; expected one JSON object per line with timestamp, input_length, output_length and optionally hash_ids");
            }

            return RowOutcome.End;
        }

        _sawAnyLine = true;
        var byteCount = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (_utf8.Length < byteCount)
        {
            _utf8 = new byte[Math.Max(byteCount, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(line, _utf8);
        try
        {
            return Parse(_utf8.AsSpan(0, length), out row);
        }
        catch (JsonException)
        {
            return Bad("is not a valid JSON object");
        }
    }

    private RowOutcome Parse(ReadOnlySpan<byte> utf8, out TraceRow row)
    {
        row = default;
        var json = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 8 });
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            return Bad("is not a JSON object; expected {\"timestamp\": ms, \"input_length\": n, \"output_length\": n, \"hash_ids\": [..]}");
        }

        double? timestampMs = null;
        long? input = null;
        long? output = null;
        var hasHashes = false;
        _hashes.Clear();
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.ValueTextEquals("timestamp"u8))
            {
                json.Read();
                if (json.TokenType != JsonTokenType.Number || !json.TryGetDouble(out var ms) || !double.IsFinite(ms) || ms < 0 || ms > MaxMilliseconds)
                {
                    return Bad("'timestamp' must be a number of milliseconds >= 0");
                }

                timestampMs = ms;
            }
            else if (json.ValueTextEquals("input_length"u8))
            {
                json.Read();
                if (json.TokenType != JsonTokenType.Number || !json.TryGetInt64(out var n))
                {
                    return Bad("'input_length' must be an integer token count");
                }

                input = n;
            }
            else if (json.ValueTextEquals("output_length"u8))
            {
                json.Read();
                if (json.TokenType != JsonTokenType.Number || !json.TryGetInt64(out var n))
                {
                    return Bad("'output_length' must be an integer token count");
                }

                output = n;
            }
            else if (json.ValueTextEquals("hash_ids"u8))
            {
                json.Read();
                if (json.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (json.TokenType != JsonTokenType.StartArray)
                {
                    return Bad("'hash_ids' must be an array of non-negative integers");
                }

                hasHashes = true;
                while (json.Read() && json.TokenType != JsonTokenType.EndArray)
                {
                    if (json.TokenType != JsonTokenType.Number || !json.TryGetUInt64(out var hash))
                    {
                        return Bad("'hash_ids' must be an array of non-negative integers");
                    }

                    _hashes.Add(hash);
                }
            }
            else
            {
                json.Read();
                json.Skip();
            }
        }

        if (json.TokenType != JsonTokenType.EndObject || json.Read())
        {
            return Bad("is not a single complete JSON object");
        }

        if (timestampMs is null)
        {
            return Bad("'timestamp' is missing");
        }

        if (input is null)
        {
            return Bad("'input_length' is missing");
        }

        if (output is null)
        {
            return Bad("'output_length' is missing");
        }

        var outcome = CheckTokens("'input_length'", input.Value, "'output_length'", output.Value);
        if (outcome == RowOutcome.BadRow)
        {
            return outcome;
        }

        var expectedBlocks = (input.Value + RequestArrival.PrefixBlockTokens - 1) / RequestArrival.PrefixBlockTokens;
        if (hasHashes && _hashes.Count != expectedBlocks)
        {
            return Bad($"'hash_ids' has {_hashes.Count.ToString(CultureInfo.InvariantCulture)} entries; expected ceil(input_length / 512) = {expectedBlocks.ToString(CultureInfo.InvariantCulture)}");
        }

        var timestamp = (long)Math.Round(timestampMs.Value * 1e6, MidpointRounding.AwayFromZero);
        row = new TraceRow(Row, timestamp, (int)input.Value, (int)output.Value, hasHashes ? [.. _hashes] : null);
        return outcome;
    }
}
